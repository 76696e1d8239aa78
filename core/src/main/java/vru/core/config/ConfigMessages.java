package vru.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.nio.file.Path;
import vru.core.api.VruException;

/** Configuration errors in the analyst's terms: what was written, what was expected, one line. */
final class ConfigMessages {
  private ConfigMessages() {}

  /**
   * A YAML syntax error in one line: where the parser found the problem (one line number, the
   * problem's own), what it found, and what it was reading when it did.
   */
  static VruException notYaml(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
        && m.getProblemMark() != null) {
      String context =
          m.getContext() == null
              ? ""
              : " ("
                  + m.getContext()
                  + (m.getContextMark() == null
                      ? ""
                      : " that began on line " + (m.getContextMark().getLine() + 1))
                  + ")";
      return ConfigLoader.invalid(
          file,
          m.getProblemMark().getLine() + 1,
          "",
          "this is not valid YAML: " + m.getProblem() + context);
    }
    String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    return ConfigLoader.invalid(
        file, ConfigLoader.line(e.getLocation()), "", "this is not valid YAML: " + first);
  }

  /**
   * What was written and what was expected, in the analyst's terms (a list, a single value, keys
   * and values), never Jackson's type names.
   */
  static String describe(MismatchedInputException e) {
    String msg = String.valueOf(e.getOriginalMessage());
    if (msg.startsWith("Missing required creator property")) {
      return "this key is required";
    }
    if (msg.startsWith("No content to map")) {
      return "the file is empty: a vru.yaml is keys and values (partnership:, measures:, inputs:,"
          + " …), see the README's configuration reference";
    }
    return "expected " + expected(e.getTargetType()) + ", found " + found(msg);
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list ([a, b], or one '- item' per line)";
    }
    if (type == String.class) {
      return "a single value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == java.time.LocalDate.class) {
      return "a date (YYYY-MM-DD)";
    }
    return "keys and values (key: value, one per line)";
  }

  private static String found(String msg) {
    java.util.regex.Matcher text =
        java.util.regex.Pattern.compile("from String value \\('(.*)'\\)").matcher(msg);
    if (text.find()) {
      return "'" + text.group(1) + "'";
    }
    java.util.regex.Matcher quoted =
        java.util.regex.Pattern.compile("from String \"(.*?)\"").matcher(msg);
    if (quoted.find()) {
      return "'" + quoted.group(1) + "'";
    }
    if (msg.contains("from Array value") || msg.contains("START_ARRAY")) {
      return "a list";
    }
    if (msg.contains("from Object value") || msg.contains("START_OBJECT")) {
      return "keys and values";
    }
    if (msg.contains("from Integer value") || msg.contains("from Floating-point value")) {
      return "a number";
    }
    if (msg.contains("from Boolean value")) {
      return "true or false";
    }
    return "a value of another kind";
  }
}
