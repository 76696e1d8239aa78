package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.config.Definition;
import vru.reports.api.ReviewContent;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.MarkdownText;

/**
 * What the partnership wrote for its review: its definition of serious violence, its sections
 * (foreword, governance, needs assessment, next year) and its priorities and actions. A section
 * with nothing written says which file to add, never an empty heading.
 */
final class Strategy extends ReviewPart {
  Strategy(Review review) {
    super(review);
  }

  private String lang() {
    return t.language().code();
  }

  /** A written section, or what to add for it. */
  List<Block> section(String name) {
    Optional<String> md =
        Optional.ofNullable(r.content().sections().getOrDefault(name, Map.of()).get(lang()));
    if (md.isPresent()) {
      return List.of(Block.markup(MarkdownText.toXhtml(md.get())));
    }
    return List.of(
        Block.para(
            t.format(
                "content.missing",
                t.get("section." + name),
                "review/" + name + "." + lang() + ".md",
                r.content().folder().toString())));
  }

  /** The local definition in the report's language, and the measures it covers. */
  List<Block> definition() {
    Optional<Definition> d = r.content().definition();
    if (d.isEmpty() || !d.get().text().containsKey(lang())) {
      return List.of(Block.para(t.get("definition.missing")));
    }
    List<String> names = d.get().measures().stream().map(this::title).toList();
    return List.of(
        Block.para(t.format("definition.intro", r.partnershipName())),
        Block.markup(MarkdownText.toXhtml(d.get().text().get(lang()))),
        Block.para(t.format("definition.measures", String.join("; ", names))));
  }

  /** The priorities and actions with their progress, or what to add. */
  List<Block> actions() {
    List<ReviewContent.Action> actions = r.content().actions();
    if (actions.isEmpty()) {
      return List.of(Block.para(t.format("actions.missing", r.content().folder().toString())));
    }
    DataTable.Builder tab =
        new DataTable.Builder("actions", t.get("actions.caption"))
            .rowHeader()
            .column(t.get("col.action.id"), false)
            .column(t.get("col.priority"), false)
            .column(t.get("col.action"), false)
            .column(t.get("col.owner"), false)
            .column(t.get("col.due"), false)
            .column(t.get("col.status"), false);
    Map<String, Integer> byStatus = new java.util.LinkedHashMap<>();
    ReviewContent.STATUSES.forEach(s -> byStatus.put(s, 0));
    for (ReviewContent.Action a : actions) {
      byStatus.merge(a.status(), 1, Integer::sum);
      tab.row(
          List.of(
              a.id(),
              ReviewContent.Action.in(a.priority(), lang()),
              ReviewContent.Action.in(a.action(), lang())
                  + a.node()
                      .map(n -> " (" + t.get("col.toc.step") + ": " + step(n) + ")")
                      .orElse(""),
              a.owner(),
              date(a.due()),
              t.get("action.status." + a.status().replace(' ', '_'))));
    }
    List<String> counts = new ArrayList<>();
    byStatus.forEach(
        (s, n) -> {
          if (n > 0) {
            counts.add(n + " " + t.lower(t.get("action.status." + s.replace(' ', '_'))));
          }
        });
    return List.of(
        Block.para(t.format("actions.intro", actions.size(), String.join(", ", counts))),
        Block.ofTable(tab.build()));
  }

  /** A theory-of-change step's title, where the partnership has one. */
  private String step(String node) {
    return r.theoryOfChange()
        .flatMap(toc -> toc.validation().model().node(node))
        .map(n -> n.title())
        .orElse(node);
  }
}
