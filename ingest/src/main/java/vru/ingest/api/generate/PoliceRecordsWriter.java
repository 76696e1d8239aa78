package vru.ingest.api.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import vru.ingest.api.generate.EventModel.Stream;

/**
 * A force-style record-level crime extract for one financial year, all forces: one row per recorded
 * crime with its Home Office offence code, the knife or sharp-instrument flag, the victim's age and
 * sex and the LSOA where it happened.
 */
final class PoliceRecordsWriter extends EventFileWriter {
  static final String HEADER =
      "crime_reference,force_code,recorded_date,offence_code,offence_group,knife_flag,victim_age,"
          + "victim_sex,lsoa_code,outcome";

  /** Selected offences a knife can be used or threatened in (code, group, weight). */
  private static final String[][] KNIFE_OFFENCES = {
    {"8N", "violence_with_injury", "40"},
    {"5D", "violence_with_injury", "12"},
    {"2", "violence_with_injury", "1"},
    {"9A", "violence_without_injury", "6"},
    {"34B", "robbery", "33"},
    {"34A", "robbery", "4"},
    {"19C", "sexual_offences", "2"},
    {"17A", "sexual_offences", "2"}
  };

  private static final String[][] OTHER_OFFENCES = {
    {"8N", "violence_with_injury", "33"},
    {"5D", "violence_with_injury", "3"},
    {"105A", "violence_without_injury", "30"},
    {"8L", "violence_without_injury", "17"},
    {"34B", "robbery", "4"},
    {"34A", "robbery", "1"},
    {"10A", "possession_of_weapons", "2"},
    {"10D", "possession_of_weapons", "1"},
    {"19C", "sexual_offences", "4"},
    {"17A", "sexual_offences", "6"}
  };

  private static final String[] OUTCOMES = {
    "charged", "no_suspect", "evidential_difficulties", "under_investigation", "out_of_court"
  };
  private static final double[] OUTCOME_WEIGHTS = {8, 45, 30, 10, 7};

  private static final Stream[] STREAMS = {Stream.KNIFE_CRIME, Stream.OTHER_CRIME};
  private static final double[] KNIFE_WEIGHTS = weights(KNIFE_OFFENCES);
  private static final double[] OTHER_WEIGHTS = weights(OTHER_OFFENCES);

  private long seq;

  private PoliceRecordsWriter(SplittableRandom random, RecordFile file, GenerateOptions o, int fy) {
    super(random, file, o, fy);
  }

  static GeneratedFile write(EventModel model, int fy, Path out, GenerateOptions o)
      throws IOException {
    String name = String.format("police-records-FY%d-%02d.csv", fy, (fy + 1) % 100);
    return EventFileWriter.write(
        model,
        fy,
        o,
        out.resolve("police").resolve(name),
        "police-records",
        HEADER,
        STREAMS,
        "police",
        PoliceRecordsWriter::new);
  }

  @Override
  void event(SyntheticGeography.PfaLsoas area, Stream s, LocalDate month) throws IOException {
    boolean knife = s == Stream.KNIFE_CRIME;
    String[] offence =
        knife
            ? KNIFE_OFFENCES[Draw.weighted(random, KNIFE_WEIGHTS)]
            : OTHER_OFFENCES[Draw.weighted(random, OTHER_WEIGHTS)];
    SyntheticGeography.Lsoa lsoa = area.sample(random);
    row.setLength(0);
    row.append("CR").append(area.pfa(), 5, 9).append('-').append(fy).append('-');
    Draw.pad(row, ++seq, 8).append(',');
    row.append(area.pfa()).append(',');
    row.append(Draw.day(random, month)).append(',');
    row.append(offence[0]).append(',').append(offence[1]).append(',');
    row.append(knife ? 'Y' : 'N').append(',');
    if (!Draw.chance(random, 0.03)) {
      row.append(Draw.age(random, knife ? Draw.KNIFE_VICTIM_AGE : Draw.GENERAL_AGE));
    }
    row.append(',');
    row.append(Draw.chance(random, knife ? 0.8 : 0.5) ? 'M' : 'F').append(',');
    row.append(lsoa.code()).append(',');
    row.append(OUTCOMES[Draw.weighted(random, OUTCOME_WEIGHTS)]);
    emit(row.toString());
  }

  /** Makes a realistic bad row: a bad date, an unknown LSOA, no offence, an impossible age. */
  @Override
  String spoil(String line, String previous) {
    String[] f = line.split(",", -1);
    switch (random.nextInt(5)) {
      case 0 -> {
        f[2] = f[2].substring(0, 5) + "13" + f[2].substring(7);
        file.dirty("bad_date");
      }
      case 1 -> {
        f[8] = "E01999999";
        file.dirty("unknown_lsoa");
      }
      case 2 -> {
        f[3] = "";
        file.dirty("missing_offence_code");
      }
      case 3 -> {
        f[6] = "150";
        file.dirty("age_out_of_range");
      }
      default -> {
        if (previous != null) {
          file.dirty("duplicate");
          return previous;
        }
        return line;
      }
    }
    return String.join(",", f);
  }

  private static double[] weights(String[][] table) {
    double[] w = new double[table.length];
    for (int i = 0; i < table.length; i++) {
      w[i] = Double.parseDouble(table[i][2]);
    }
    return w;
  }
}
