package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.geo.CsvLine;

/** vru stats as a process, on MEASURES.md's test vectors. */
class StatsCommandIT {
  @TempDir Path dir;

  List<List<String>> run(String csv, String... args) throws Exception {
    Path in = dir.resolve("in.csv");
    Path out = dir.resolve("out.csv");
    Files.writeString(in, csv);
    String[] all = new String[args.length + 5];
    all[0] = "stats";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--input";
    all[args.length + 2] = in.toString();
    all[args.length + 3] = "--output";
    all[args.length + 4] = out.toString();
    VruProcess.Result r = VruProcess.run(all);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return Files.readAllLines(out).stream().map(CsvLine::split).toList();
  }

  static void close(String actual, double expected) {
    assertThat(Double.parseDouble(actual)).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
  }

  @Test
  void rateKeepsTheInputColumnsAndAddsTheDocumentedOnes() throws Exception {
    List<List<String>> t =
        run(
            "area,\"x, events\",n\nA,1,100\nB,9856,12345\n",
            "rate",
            "--count",
            "x, events",
            "--population",
            "n",
            "--compare-to",
            "50000");
    assertThat(t.get(0))
        .containsExactly(
            "area",
            "x, events",
            "n",
            "value",
            "lower_95",
            "upper_95",
            "lower_99_8",
            "upper_99_8",
            "method",
            "label");
    assertThat(t.get(1).subList(0, 3)).containsExactly("A", "1", "100");
    close(t.get(1).get(4), 25.317808);
    close(t.get(1).get(5), 5571.643391);
    close(t.get(1).get(7), 9233.413476);
    assertThat(t.get(1).get(8)).isEqualTo("exact");
    close(t.get(2).get(3), 79837.991090);
    close(t.get(2).get(4), 78269.490590);
    close(t.get(2).get(7), 82354.472771);
    assertThat(t.get(2).get(8)).isEqualTo("byar");
    assertThat(t.get(2).get(9)).isEqualTo("Worse");
  }

  @Test
  void proportionDsrFunnelAndTrend() throws Exception {
    List<List<String>> p =
        run("q,x,n\nq1,65,100\n", "proportion", "--numerator", "x", "--denominator", "n");
    close(p.get(1).get(4), 0.5525444330);
    close(p.get(1).get(6), 0.4954946574);

    StringBuilder d = new StringBuilder("area,age,deaths,pop\n");
    int[] pop = {
      636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207
    };
    int[] cnt = {127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91};
    String[] band = {
      "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
      "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"
    };
    for (int i = 0; i < 19; i++) {
      d.append("A,")
          .append(band[i])
          .append(',')
          .append(cnt[i])
          .append(',')
          .append(pop[i])
          .append('\n');
      d.append("B,")
          .append(band[i])
          .append(',')
          .append(i < 9 ? 1 : 0)
          .append(',')
          .append(pop[i])
          .append('\n');
    }
    List<List<String>> s =
        run(
            d.toString(),
            "dsr",
            "--count",
            "deaths",
            "--population",
            "pop",
            "--age-band",
            "age",
            "--by",
            "area");
    close(s.get(1).get(2), 10430.2479914694);
    close(s.get(1).get(3), 9717.7090679857);
    close(s.get(1).get(6), 11620.5959995221);
    assertThat(s.get(2).get(2)).isEmpty();
    assertThat(s.get(2).get(7)).contains("total count < 10");

    List<List<String>> f =
        run(
            "area,x,n\nA,100,100000\nB,140,100000\nC,65,100000\n",
            "funnel",
            "--count",
            "x",
            "--population",
            "n",
            "--target",
            "100");
    assertThat(f.get(0).get(f.get(0).size() - 1)).isEqualTo("label");
    assertThat(f.get(1).get(9)).isEqualTo("Not significant");
    assertThat(f.get(2).get(9)).isEqualTo("High (0.001)");
    assertThat(f.get(3).get(9)).isEqualTo("Low (0.001)");

    List<List<String>> tr =
        run(
            "year,v,lo,hi\n1,24.67,23.16,26.25\n2,24.6,23.15,26.19\n3,28,26.44,29.64\n"
                + "4,30.2,28.63,31.9\n5,30.6,28.98,32.25\n",
            "trend",
            "--time",
            "year",
            "--value",
            "v",
            "--lower",
            "lo",
            "--upper",
            "hi",
            "--polarity",
            "low");
    assertThat(Double.parseDouble(tr.get(1).get(0))).isCloseTo(1.7516, within(1e-4));
    assertThat(tr.get(1).get(5)).contains("46.765");
    assertThat(tr.get(1).get(6)).isEqualTo("Increasing and getting worse");
  }

  @Test
  void aBadValueIsOneLineNamingTheFileLineColumnAndValue() throws Exception {
    Path in = dir.resolve("bad.csv");
    Files.writeString(in, "area,x,n\nA,1,100\nB,many,100\n");
    VruProcess.Result r =
        VruProcess.run(
            "stats",
            "rate",
            "--input",
            in.toString(),
            "--output",
            dir.resolve("o.csv").toString(),
            "--count",
            "x",
            "--population",
            "n");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip())
        .isEqualTo(
            "vru: "
                + in
                + " line 3, column 'x': 'many' is not a count (a whole number, 0 or more)");
    VruProcess.Result c =
        VruProcess.run(
            "stats",
            "rate",
            "--input",
            in.toString(),
            "--output",
            dir.resolve("o.csv").toString(),
            "--count",
            "X",
            "--population",
            "n");
    assertThat(c.err()).contains("no column 'X' (named by --count); did you mean 'x'?");
  }

  @Test
  void formulaLikeTextIsNeutralisedInTheOutputAndNumbersAreNot() throws Exception {
    List<List<String>> t =
        run(
            "area,x,n,change\n=1+1,1,100,-2.5\n@SUM(A1),3,100,+1\n",
            "rate",
            "--count",
            "x",
            "--population",
            "n");
    assertThat(t.get(1).get(0)).isEqualTo("'=1+1");
    assertThat(t.get(2).get(0)).isEqualTo("'@SUM(A1)");
    assertThat(t.get(1).get(3)).isEqualTo("-2.5");
    assertThat(t.get(2).get(3)).isEqualTo("+1");
  }

  @Test
  void aRunStoppedByABadValueLeavesNoOutputThatLooksComplete() throws Exception {
    Path in = dir.resolve("late.csv");
    Files.writeString(in, "area,x,n\nA,1,100\nB,2,100\nC,oops,100\n");
    Path out = dir.resolve("late-out.csv");
    VruProcess.Result r =
        VruProcess.run(
            "stats",
            "rate",
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--count",
            "x",
            "--population",
            "n");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("line 4, column 'x': 'oops' is not a count");
    assertThat(out).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
    }
    // a short line says which value is missing, not that '' is not a number
    Files.writeString(in, "area,x,pop\nA,1,100\nB,2\n");
    VruProcess.Result shortLine =
        VruProcess.run(
            "stats",
            "rate",
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--count",
            "x",
            "--population",
            "pop");
    assertThat(shortLine.exitCode()).isEqualTo(3);
    assertThat(shortLine.err().strip())
        .isEqualTo(
            "vru: "
                + in
                + " line 3: no value for column 'pop' (the line has 2 field(s) where the header"
                + " has 3); complete the line or remove it");
    VruProcess.Result noColumn =
        VruProcess.run(
            "stats",
            "rate",
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--count",
            "x",
            "--population",
            "people");
    assertThat(noColumn.err().strip())
        .endsWith("no column 'people' (named by --population). The header has: area, x, pop.");
  }
}
