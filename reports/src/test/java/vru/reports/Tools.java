package vru.reports;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outside tools the report checks use, installed by the project when missing: Debian's chromium
 * and poppler-utils (as root, with apt-get) and axe-core from npm (pinned).
 */
final class Tools {
  static final String AXE_VERSION = "4.10.3";
  private static final Path AXE_DIR = Path.of("target/axe");

  private Tools() {}

  /** The command on PATH, installing its Debian package when running as root. */
  static synchronized String command(String name, String debianPackage) throws Exception {
    if (onPath(name)) {
      return name;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new AssertionError(
          name
              + " is needed by this test: install it (sudo apt-get install "
              + debianPackage
              + ")");
    }
    run(
        List.of(
            "sh",
            "-c",
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                + debianPackage),
        600);
    if (!onPath(name)) {
      throw new AssertionError("apt-get install " + debianPackage + " did not provide " + name);
    }
    return name;
  }

  /** axe-core's script, installed from npm into target/axe once. */
  static synchronized String axe() throws Exception {
    Path js = AXE_DIR.resolve("node_modules/axe-core/axe.min.js");
    if (!Files.isRegularFile(js)) {
      command("npm", "npm");
      Files.createDirectories(AXE_DIR);
      run(
          List.of(
              "npm",
              "install",
              "--no-save",
              "--no-audit",
              "--no-fund",
              "--prefix",
              AXE_DIR.toString(),
              "axe-core@" + AXE_VERSION),
          300);
    }
    return Files.readString(js);
  }

  /**
   * axe-core's WCAG 2.0/2.1/2.2 A and AA rules run over {@code html} in headless Chromium; the
   * violations as "rule: target" lines.
   */
  static List<String> axeViolations(Path html) throws Exception {
    String chromium = command("chromium", "chromium");
    String page = Files.readString(html);
    String probe =
        "<script>"
            + axe()
            + "</script><script>axe.run(document,{runOnly:{type:'tag',values:['wcag2a','wcag2aa',"
            + "'wcag21a','wcag21aa','wcag22a','wcag22aa']}}).then(function(r){var out=[];"
            + "r.violations.forEach(function(v){v.nodes.forEach(function(n){out.push(v.id+': '+"
            + "n.target.join(' ')+' '+v.help)})});document.documentElement.setAttribute("
            + "'data-axe',btoa(unescape(encodeURIComponent(JSON.stringify(out)))))}).catch("
            + "function(e){document.documentElement.setAttribute('data-axe-error',String(e))});"
            + "</script></body>";
    Path probed = html.resolveSibling("axe-" + html.getFileName());
    Files.writeString(probed, page.replace("</body>", probe));
    Path profile = Files.createTempDirectory("chromium");
    String dom =
        run(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=60000",
                "--dump-dom",
                probed.toUri().toString()),
            180);
    Matcher error = Pattern.compile("data-axe-error=\"([^\"]*)\"").matcher(dom);
    if (error.find()) {
      throw new AssertionError("axe-core failed in Chromium: " + error.group(1));
    }
    Matcher m = Pattern.compile("data-axe=\"([A-Za-z0-9+/=]*)\"").matcher(dom);
    if (!m.find()) {
      throw new AssertionError(
          "axe-core did not report (Chromium printed " + dom.length() + " chars)");
    }
    String json = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    while (item.find()) {
      out.add(item.group(1));
    }
    return out;
  }

  static String run(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile("tool", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(log.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish in " + seconds + " s");
    }
    String out = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }

  private static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
