package io.repro4j.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The charting libraries the page uses, read from their WebJars on the class path: uPlot (metric
 * curves) and ECharts (a sweep's parallel coordinates). A report inlines them; {@code repro4j ui}
 * serves them as static files under a name with their content hash, so a browser may cache them
 * for good and loads them only when a chart is drawn.
 */
public final class ChartLibraries {
  private static final String WEBJARS = "META-INF/resources/webjars/";

  /** uPlot, the curves; small (about 50 kB). */
  public static final Library UPLOT = load("uplot", "uplot.version", "dist/uPlot.iife.min.js");

  /** ECharts, the sweep view; large (about 1 MB), so the live page loads it only for a sweep. */
  public static final Library ECHARTS = load("echarts", "echarts.version", "dist/echarts.min.js");

  /** Both, in the order a report inlines them. */
  public static final List<Library> ALL = List.of(UPLOT, ECHARTS);

  private ChartLibraries() {}

  /**
   * One library script.
   *
   * @param name the page script's name for it ({@code uplot}, {@code echarts})
   * @param version the WebJar's version
   * @param script the script's text
   * @param fileName the name it is served under: name, version and the first 16 hex digits of its
   *     SHA-256, so a new build can never be answered from an old cache
   * @param integrity the Subresource Integrity value ({@code sha384-...}) the page checks it with
   */
  public record Library(String name, String version, String script, String fileName, String integrity) {
    /** The script as UTF-8 bytes. */
    public byte[] bytes() {
      return script.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The uPlot style sheet (small: always inlined). */
  public static String uplotStyles() {
    return resource(WEBJARS + "uplot/" + UPLOT.version() + "/dist/uPlot.min.css");
  }

  private static Library load(String name, String versionKey, String path) {
    String version = webjarVersions().getProperty(versionKey);
    String script = resource(WEBJARS + name + "/" + version + "/" + path);
    String lower = script.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--")) {
      throw new IllegalStateException(name + " " + version + " contains </script or <!--; it cannot be inlined as is");
    }
    byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(digest("SHA-256", bytes)).substring(0, 16);
    return new Library(
        name,
        version,
        script,
        name + "-" + version + "." + hex + ".min.js",
        "sha384-" + Base64.getEncoder().encodeToString(digest("SHA-384", bytes)));
  }

  private static Properties webjarVersions() {
    Properties p = new Properties();
    try (InputStream in = ReportPage.open(ReportPage.OWN + "webjars.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static String resource(String name) {
    return ReportPage.resource(name);
  }

  static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
