package vru.evaluation.api.toc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vru.core.api.FinancialYear;
import vru.evaluation.api.toc.TocAssessor.Assessment;
import vru.evaluation.api.toc.TocAssessor.IndicatorStatus;
import vru.evaluation.api.toc.TocAssessor.LinkStatus;
import vru.evaluation.api.toc.TocAssessor.OutcomeImpact;
import vru.evaluation.api.toc.TocAssessor.Status;

/**
 * Reads an assessment back from the JSON it was stored as (the format in docs/theory-of-change.md),
 * so a report shows what {@code vru evaluate} assessed without assessing again.
 */
public final class AssessmentJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AssessmentJson() {}

  /** The assessment in {@code json}. */
  public static Assessment parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("a stored theory-of-change assessment is not JSON", e);
    }
    List<IndicatorStatus> indicators = new ArrayList<>();
    for (JsonNode i : root.path("indicators")) {
      JsonNode latest = i.path("latest");
      JsonNode change = i.path("change");
      indicators.add(
          new IndicatorStatus(
              i.path("node").asText(),
              i.path("indicator").asText(),
              i.path("measures").asText(),
              TocModel.Direction.valueOf(i.path("direction").asText().toUpperCase(Locale.ROOT)),
              year(i.path("baseline").path("period")),
              number(i.path("baseline").path("value")),
              latest.isObject() ? year(latest.path("period")) : 0,
              number(latest.path("value")),
              number(latest.path("ci_lower")),
              number(latest.path("ci_upper")),
              number(change.path("difference")),
              number(change.path("ratio")),
              number(change.path("ratio_ci_lower")),
              number(change.path("ratio_ci_upper")),
              number(i.path("target").path("value")),
              year(i.path("target").path("by")),
              number(i.path("expected_now")),
              status(i.path("status").asText()),
              i.path("reason").asText(),
              i.path("improving").isBoolean()
                  ? Optional.of(i.path("improving").asBoolean())
                  : Optional.empty()));
    }
    List<LinkStatus> links = new ArrayList<>();
    for (JsonNode l : root.path("links")) {
      links.add(
          new LinkStatus(
              l.path("from").asText(),
              l.path("to").asText(),
              l.path("evidence").asBoolean(),
              l.path("direction").asText(),
              l.path("assumption").asText(),
              l.path("summary").asText()));
    }
    List<OutcomeImpact> outcomes = new ArrayList<>();
    for (JsonNode o : root.path("outcomes")) {
      JsonNode d = o.path("did");
      outcomes.add(
          new OutcomeImpact(
              o.path("node").asText(),
              o.path("measure").asText(),
              d.isObject()
                  ? Optional.of(
                      new IndicatorData.DidLink(
                          d.path("estimator").asText(),
                          number(d.path("estimate")),
                          number(d.path("ci_lower")),
                          number(d.path("ci_upper")),
                          number(d.path("p_value")),
                          d.path("per").asInt()))
                  : Optional.empty()));
    }
    return new Assessment(
        root.path("version").asText(),
        root.path("sha256").asText(),
        List.copyOf(indicators),
        List.copyOf(links),
        List.copyOf(outcomes));
  }

  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static int year(JsonNode label) {
    return FinancialYear.parse(label.asText()).startYear();
  }

  private static Status status(String label) {
    for (Status s : Status.values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalStateException("a stored assessment has the unknown status '" + label + "'");
  }
}
