package vru.metrics.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The measure-filter language: a measure's {@code filter} is a condition on one warehouse table,
 * parsed by Spark's own SQL parser and accepted only when every node of the expression is one this
 * language has: a column, a literal, a comparison, {@code and}/{@code or}/{@code not}, arithmetic,
 * {@code in}, {@code like}, {@code is null}, {@code case}, and the functions in {@link #FUNCTIONS}
 * (with a lambda for {@code exists} over a list column). Anything else, such as {@code reflect},
 * {@code java_method}, a UDF, a subquery or {@code *}, is refused before Spark runs the filter on
 * its executors: a measure file is data, and must not be able to run code.
 */
public final class MeasureFilters {
  /** The functions a filter may call (lower case), documented in docs/measures.md. */
  public static final Set<String> FUNCTIONS =
      Set.of(
          "abs",
          "array_contains",
          "between",
          "coalesce",
          "concat",
          "contains",
          "date_format",
          "day",
          "endswith",
          "exists",
          "forall",
          "ifnull",
          "isnotnull",
          "isnull",
          "left",
          "length",
          "lower",
          "ltrim",
          "month",
          "nvl",
          "right",
          "rtrim",
          "size",
          "startswith",
          "substr",
          "substring",
          "to_date",
          "trim",
          "upper",
          "year");

  /** Expression nodes (Spark's class names) a filter may be built from, besides functions. */
  private static final Set<String> NODES =
      Set.of(
          "UnresolvedAttribute",
          "Literal",
          "And",
          "Or",
          "Not",
          "EqualTo",
          "EqualNullSafe",
          "LessThan",
          "LessThanOrEqual",
          "GreaterThan",
          "GreaterThanOrEqual",
          "In",
          "Like",
          "ILike",
          "RLike",
          "LikeAny",
          "NotLikeAny",
          "LikeAll",
          "NotLikeAll",
          "IsNull",
          "IsNotNull",
          "Add",
          "Subtract",
          "Multiply",
          "Divide",
          "Remainder",
          "UnaryMinus",
          "UnaryPositive",
          "CaseWhen",
          "Cast",
          "LambdaFunction",
          "UnresolvedNamedLambdaVariable",
          "UnresolvedFunction");

  private MeasureFilters() {}

  /**
   * Why {@code filter} is not a filter this language accepts, or empty when it is.
   *
   * @return a sentence for the analyst, naming what was found and what is allowed
   */
  public static Optional<String> problem(String filter) {
    Expression root;
    try {
      root = CatalystSqlParser$.MODULE$.parseExpression(filter);
    } catch (Exception e) { // Spark's ParseException is checked, though Scala does not say so
      return Optional.of("'" + filter + "' is not a condition Spark SQL can read: " + first(e));
    }
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Expression e = todo.pop();
      String node = e.getClass().getSimpleName();
      if (e instanceof UnresolvedFunction f) {
        List<String> name = CollectionConverters.asJava(f.nameParts());
        String fn = String.join(".", name).toLowerCase(Locale.ROOT);
        if (name.size() != 1
            || !FUNCTIONS.contains(fn)
            || f.isDistinct()
            || f.filter().isDefined()) {
          return Optional.of(
              "the function '"
                  + String.join(".", name)
                  + "' is not allowed in a measure filter; the functions allowed are "
                  + String.join(", ", new TreeSet<>(FUNCTIONS))
                  + " (docs/measures.md)");
        }
      } else if (e instanceof UnresolvedAttribute a && a.nameParts().size() != 1) {
        return Optional.of(
            "'" + a.name() + "' is not a column of the table: name a column on its own");
      } else if (!NODES.contains(node)) {
        return Optional.of(
            "'"
                + describe(e)
                + "' is not allowed in a measure filter: a filter is a condition on the table's"
                + " columns using literals, comparisons (=, <>, <, <=, >, >=, in, like, is null),"
                + " and, or, not, arithmetic, case and the listed functions (docs/measures.md)");
      }
      for (Expression child : CollectionConverters.asJava(e.children())) {
        todo.push(child);
      }
    }
    return Optional.empty();
  }

  private static String describe(Expression e) {
    try {
      return e.sql();
    } catch (RuntimeException unresolved) {
      return e.prettyName();
    }
  }

  /** The first line of Spark's parse error, without its error class and SQL state. */
  private static String first(Exception e) {
    String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return m.replaceFirst("^\\[[A-Z_.]+\\]\\s*", "").replaceFirst("\\s*SQLSTATE: \\w+\\.?$", "");
  }
}
