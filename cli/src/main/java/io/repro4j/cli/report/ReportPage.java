package io.repro4j.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The one HTML page of the report and the UI: the page's own script and styles inlined, the data
 * as JSON in a {@code <script type="application/json">}. A report also inlines the charting
 * libraries ({@link ChartLibraries}: uPlot for the curves, ECharts for parallel coordinates), so
 * it is one file that opens offline; the live UI's page leaves them out and its script loads them
 * from the server when it first draws a chart, so the runs table shows without parsing 1 MB of
 * charting code. A Content-Security-Policy allows exactly the inline scripts (by hash), so even
 * markup that slipped into the page could not run.
 */
public final class ReportPage {
  static final String OWN = "io/repro4j/cli/report/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static volatile String ownScript;
  private static volatile String styles;

  private ReportPage() {}

  /**
   * A page and the Content-Security-Policy to serve it with (the page also carries it in a meta
   * element).
   */
  public record Rendered(String html, String contentSecurityPolicy) {}

  /**
   * The self-contained page of a report: the charting libraries inlined. {@code data} holds
   * {@code config} ({@code mode} "static" or "live") and, for a report, the runs, columns, details
   * and histories; {@code connectSelf} lets the page fetch from the server it came from, while a
   * report file may fetch nothing.
   */
  public static String render(String title, ObjectNode data, boolean connectSelf) {
    List<String> inline = new ArrayList<>();
    ChartLibraries.ALL.forEach(l -> inline.add(l.script()));
    inline.add(ownScript());
    StringBuilder csp = new StringBuilder("default-src 'none'; script-src");
    for (String s : inline) {
      csp.append(" 'sha256-").append(sha256(s)).append('\'');
    }
    return page(title, data, inline, policy(csp, connectSelf));
  }

  /**
   * The live UI's page: only the page's own script inlined; {@code data.config.libraries} tells it
   * where the server serves each charting library ({@code staticPath} + {@link
   * ChartLibraries.Library#fileName()}) and its integrity hash, and it loads one when it first
   * needs it. Scripts may come from the page itself (by hash) or from the server ({@code 'self'},
   * each with Subresource Integrity; every other response of the server is JSON or text, served
   * with {@code nosniff}, which a browser refuses to run as a script).
   */
  public static Rendered renderLive(String title, ObjectNode data, String staticPath) {
    ObjectNode config = data.has("config") ? (ObjectNode) data.get("config") : data.putObject("config");
    ObjectNode libraries = config.putObject("libraries");
    for (ChartLibraries.Library l : ChartLibraries.ALL) {
      libraries.putObject(l.name()).put("src", staticPath + l.fileName()).put("integrity", l.integrity());
    }
    String own = ownScript();
    StringBuilder csp = new StringBuilder("default-src 'none'; script-src 'sha256-").append(sha256(own)).append("' 'self'");
    String policy = policy(csp, true);
    return new Rendered(page(title, data, List.of(own), policy), policy);
  }

  private static String policy(StringBuilder csp, boolean connectSelf) {
    csp.append("; style-src 'unsafe-inline'; img-src data:; connect-src ").append(connectSelf ? "'self'" : "'none'");
    csp.append("; base-uri 'none'; form-action 'none'");
    return csp.toString();
  }

  private static String page(String title, ObjectNode data, List<String> scripts, String csp) {
    String json;
    try {
      json = Html.jsonForScript(JSON.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int size = json.length() + 64_000;
    for (String s : scripts) {
      size += s.length();
    }
    StringBuilder page = new StringBuilder(size);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.text(csp)).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"repro4j\">\n")
        .append("<title>").append(Html.text(title)).append("</title>\n")
        .append("<style>\n").append(styles()).append("\n</style>\n</head>\n<body>\n")
        .append(resource(OWN + "body.html"))
        .append("<script type=\"application/json\" id=\"repro4j-data\">").append(json).append("</script>\n");
    for (String s : scripts) {
      page.append("<script>").append(s).append("</script>\n");
    }
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  private static String ownScript() {
    if (ownScript == null) {
      String s = resource(OWN + "report.js");
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.contains("</script") || lower.contains("<!--")) {
        throw new IllegalStateException("report.js contains </script or <!--; it cannot be inlined as is");
      }
      ownScript = s;
    }
    return ownScript;
  }

  private static String styles() {
    if (styles == null) {
      styles = ChartLibraries.uplotStyles() + "\n" + resource(OWN + "report.css");
    }
    return styles;
  }

  static InputStream open(String name) {
    InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "Missing resource " + name + " on the class path; the repro4j jar is incomplete (rebuild it with mvn package)");
    }
    return in;
  }

  static String resource(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + name + " from the class path", e);
    }
  }

  private static String sha256(String s) {
    return Base64.getEncoder().encodeToString(ChartLibraries.digest("SHA-256", s.getBytes(StandardCharsets.UTF_8)));
  }
}
