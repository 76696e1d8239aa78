package vru.metrics.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows built on the driver straight to one Parquet file with the Parquet library Spark
 * itself uses, for tables assembled in plain Java (the panel): going through {@code
 * createDataFrame} would serialise every row into a Spark plan first, which costs several times the
 * write. Spark reads the file like any other.
 */
final class ParquetFile implements AutoCloseable {
  private final StructType schema;
  private final SimpleGroupFactory groups;
  private final ParquetWriter<Group> writer;

  ParquetFile(Path file, StructType schema) {
    this.schema = schema;
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      b.addField(primitive(f));
    }
    MessageType type = b.named("panel");
    this.groups = new SimpleGroupFactory(type);
    try {
      Files.createDirectories(file.getParent());
      this.writer =
          ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .withType(type)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Type primitive(StructField f) {
    var t = f.dataType();
    if (t.equals(DataTypes.StringType)) {
      return Types.optional(PrimitiveTypeName.BINARY)
          .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType())
          .named(f.name());
    }
    if (t.equals(DataTypes.IntegerType)) {
      return Types.optional(PrimitiveTypeName.INT32).named(f.name());
    }
    if (t.equals(DataTypes.LongType)) {
      return Types.optional(PrimitiveTypeName.INT64).named(f.name());
    }
    if (t.equals(DataTypes.DoubleType)) {
      return Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
    }
    throw new IllegalArgumentException("unsupported column type " + t + " of " + f.name());
  }

  /** Writes one row: values in schema order, null for a missing value. */
  void write(Object... values) {
    Group g = groups.newGroup();
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      String name = schema.fields()[i].name();
      if (v instanceof String s) {
        g.append(name, s);
      } else if (v instanceof Integer n) {
        g.append(name, n);
      } else if (v instanceof Long n) {
        g.append(name, n);
      } else if (v instanceof Double d) {
        g.append(name, d);
      } else {
        throw new IllegalArgumentException("unsupported value " + v.getClass());
      }
    }
    try {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
