package io.repro4j.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The one HTML page of the report and the UI: uPlot (curves) and ECharts (parallel coordinates),
 * taken from their WebJars on the class path, and the page's own script and styles, all inlined;
 * the data as JSON in a {@code <script type="application/json">}. A Content-Security-Policy allows
 * exactly these inline scripts (by hash), so even markup that slipped into the page could not run.
 */
public final class ReportPage {
  private static final String OWN = "io/repro4j/cli/report/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The scripts in page order: uPlot, ECharts, the page's own. */
  private static volatile List<String> scripts;

  private static volatile String styles;

  private ReportPage() {}

  /**
   * The page. {@code data} holds {@code config} ({@code mode} "static" or "live") and, for a
   * report, the runs, columns, details and histories; {@code connectSelf} lets the page fetch
   * from the server it came from (the UI), while a report file may fetch nothing.
   */
  public static String render(String title, ObjectNode data, boolean connectSelf) {
    List<String> js = scripts();
    StringBuilder csp = new StringBuilder("default-src 'none'; script-src");
    for (String s : js) {
      csp.append(" 'sha256-").append(sha256(s)).append('\'');
    }
    csp.append("; style-src 'unsafe-inline'; img-src data:; connect-src ").append(connectSelf ? "'self'" : "'none'");
    csp.append("; base-uri 'none'; form-action 'none'");
    String json;
    try {
      json = Html.jsonForScript(JSON.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder page = new StringBuilder(json.length() + 1_200_000);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.text(csp.toString())).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"repro4j\">\n")
        .append("<title>").append(Html.text(title)).append("</title>\n")
        .append("<style>\n").append(styles()).append("\n</style>\n</head>\n<body>\n")
        .append(resource(OWN + "body.html"))
        .append("<script type=\"application/json\" id=\"repro4j-data\">").append(json).append("</script>\n");
    for (String s : js) {
      page.append("<script>").append(s).append("</script>\n");
    }
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  private static List<String> scripts() {
    if (scripts == null) {
      Properties versions = webjarVersions();
      String uplot = "META-INF/resources/webjars/uplot/" + versions.getProperty("uplot.version") + "/dist/";
      String echarts = "META-INF/resources/webjars/echarts/" + versions.getProperty("echarts.version") + "/dist/";
      List<String> list = new ArrayList<>();
      list.add(resource(uplot + "uPlot.iife.min.js"));
      list.add(resource(echarts + "echarts.min.js"));
      list.add(resource(OWN + "report.js"));
      for (String s : list) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--")) {
          throw new IllegalStateException("A script to inline contains </script or <!--; it cannot be inlined as is");
        }
      }
      scripts = List.copyOf(list);
      styles =
          resource(uplot + "uPlot.min.css") + "\n" + resource(OWN + "report.css");
    }
    return scripts;
  }

  private static String styles() {
    scripts();
    return styles;
  }

  private static Properties webjarVersions() {
    Properties p = new Properties();
    try (InputStream in = open(OWN + "webjars.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static InputStream open(String name) {
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
    try {
      return Base64.getEncoder()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
