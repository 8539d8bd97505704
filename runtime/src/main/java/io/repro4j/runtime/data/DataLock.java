package io.repro4j.runtime.data;

import io.repro4j.runtime.config.YamlConfigReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * A {@code repro4j.lock} file: the hash each experiment's otherwise unpinned datasets were locked
 * to by {@code repro4j lock}, meant to be committed and reviewed in git. Written deterministically
 * (experiments, then datasets, in code point order; fixed keys; every string double-quoted), so
 * that locking the same data twice gives the same bytes and a diff shows only what changed.
 *
 * <pre>
 * version: 1
 * experiments:
 *   "iris-softmax":
 *     "iris":
 *       path: "data/iris.csv"
 *       md5: "d69a16ea6136ccb02a7c37c66375ebba"
 *       hash: "md5"
 *       size: 4551
 *       nfiles: 1
 * </pre>
 *
 * <p>A directory's {@code .dir} manifest is stored next to the lock file, in
 * {@code .repro4j/manifests/xx/<rest>.dir} (DVC's JSON, content-addressed), so that a mismatch can
 * list the files added, removed and modified.
 */
public final class DataLock {
  /** The lock file's name in the working directory, unless another is chosen. */
  public static final String DEFAULT_FILE_NAME = "repro4j.lock";

  /** Where directory manifests are kept, relative to the lock file's folder. */
  public static final String MANIFEST_DIR = ".repro4j/manifests";

  private static final int VERSION = 1;
  private static final int MAX_CODE_POINTS = 4_000_000;
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}(\\.dir)?");
  private static final List<String> ENTRY_KEYS = List.of("path", "md5", "hash", "size", "nfiles");
  private static final String HEADER =
      "# Written by `repro4j lock`: the data each experiment was locked to. Commit it and review"
          + " its changes;\n# a run whose data no longer matches fails (exit 2) unless run with"
          + " --allow-data-drift.\n";

  /**
   * One locked dataset.
   *
   * @param path its location as the run resolved it from the config, before resolving it against
   *     the working directory
   * @param md5 the md5 of the file, or the directory's {@code .dir} hash
   * @param mode the mode it was hashed in
   * @param size its size in bytes (for a directory, the sum of its files')
   * @param nfiles 1 for a file, a directory's number of files
   * @param line where the entry starts in the file it was read from (1-based), 0 when not read
   */
  public record Entry(String path, String md5, HashMode mode, long size, int nfiles, int line) {
    /** Whether {@code other} locks the same data at the same place (lines aside). */
    public boolean sameAs(Entry other) {
      return path.equals(other.path) && md5.equals(other.md5) && mode == other.mode
          && size == other.size && nfiles == other.nfiles;
    }
  }

  /** A lock file that cannot be read; the message names {@code file:line} and the fix. */
  public static final class LockException extends Exception {
    private static final long serialVersionUID = 1L;

    LockException(String message) {
      super(message);
    }
  }

  private final Path file;
  private final boolean exists;
  private final Map<String, Map<String, Entry>> experiments;

  private DataLock(Path file, boolean exists, Map<String, Map<String, Entry>> experiments) {
    this.file = file;
    this.exists = exists;
    this.experiments = experiments;
  }

  /** The lock file at {@code file}: its entries, or none when it does not exist. */
  public static DataLock read(Path file) throws LockException {
    return read(file, false);
  }

  /**
   * As {@link #read(Path)}; when {@code required} (the user named the file), a missing file is an
   * error too.
   */
  public static DataLock read(Path file, boolean required) throws LockException {
    Path absolute = file.toAbsolutePath().normalize();
    // Asked first: a missing lock file is the usual case (every trial of a sweep asks), and
    // Files.size would throw (and this catch) an exception for it each time.
    if (!Files.exists(absolute)) {
      if (required) {
        throw new LockException(absolute + ": not found (named by --lock-file); write it with --lock"
            + " (or 'repro4j lock'), or leave out --lock-file to use ./" + DEFAULT_FILE_NAME);
      }
      return new DataLock(absolute, false, sorted());
    }
    String text;
    try {
      if (Files.size(absolute) > MAX_CODE_POINTS) {
        throw new LockException(absolute + ": larger than " + MAX_CODE_POINTS + " bytes, which is not a lock"
            + " file Repro4j wrote; check the path (--lock-file) or delete it and run 'repro4j lock'");
      }
      byte[] bytes = Files.readAllBytes(absolute);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      return new DataLock(absolute, false, sorted());
    } catch (CharacterCodingException e) {
      throw new LockException(absolute + ": not UTF-8 text, so not a lock file; delete it and run"
          + " 'repro4j lock' to write it again");
    } catch (IOException e) {
      throw new LockException(absolute + ": cannot read: " + e.getMessage());
    }
    return new DataLock(absolute, true, parse(absolute, text));
  }

  /** The absolute path of the lock file. */
  public Path file() {
    return file;
  }

  /** Whether the file existed when it was read. */
  public boolean exists() {
    return exists;
  }

  /** The datasets locked for {@code experiment}, by dataset name, in code point order. */
  public Map<String, Entry> entries(String experiment) {
    Map<String, Entry> entries = experiments.get(experiment);
    return entries == null ? Map.of() : Collections.unmodifiableMap(entries);
  }

  /** Where {@code entry} was read, {@code file:line}, for messages. */
  public String where(Entry entry) {
    return file + ":" + entry.line();
  }

  /** This lock with the datasets of {@code experiment} replaced by {@code entries}. */
  public DataLock with(String experiment, Map<String, Entry> entries) {
    Map<String, Map<String, Entry>> copy = sorted();
    experiments.forEach((name, datasets) -> copy.put(name, datasets));
    if (entries.isEmpty()) {
      copy.remove(experiment);
    } else {
      Map<String, Entry> datasets = sorted();
      datasets.putAll(entries);
      copy.put(experiment, datasets);
    }
    return new DataLock(file, exists, copy);
  }

  /** The file's text, the same bytes for the same entries. */
  public String text() {
    StringBuilder out = new StringBuilder(HEADER);
    out.append("version: ").append(VERSION).append('\n');
    if (experiments.isEmpty()) {
      return out.append("experiments: {}\n").toString();
    }
    out.append("experiments:\n");
    experiments.forEach((experiment, datasets) -> {
      out.append("  ").append(quoted(experiment)).append(":\n");
      datasets.forEach((name, entry) -> {
        out.append("    ").append(quoted(name)).append(":\n");
        out.append("      path: ").append(quoted(entry.path())).append('\n');
        out.append("      md5: ").append(quoted(entry.md5())).append('\n');
        out.append("      hash: ").append(quoted(entry.mode().dvcName())).append('\n');
        out.append("      size: ").append(entry.size()).append('\n');
        out.append("      nfiles: ").append(entry.nfiles()).append('\n');
      });
    });
    return out.toString();
  }

  /** Writes {@link #text()} to the file, replacing it in one step where the file system can. */
  public void write() throws IOException {
    Files.createDirectories(file.getParent());
    // Written whole (WholeFile) with the umask's mode, not createTempFile's 0600: the lock file and
    // its manifests are shared, in git and by everyone who runs the experiment on a cluster.
    WholeFile.replace(file, text().getBytes(StandardCharsets.UTF_8), ".repro4j-lock-");
  }

  /** Where the manifest of the directory hash {@code dirMd5} is kept for this lock file. */
  public Path manifestPath(String dirMd5) {
    String hex = dirMd5.substring(0, 32);
    return file.getParent().resolve(MANIFEST_DIR).resolve(hex.substring(0, 2)).resolve(hex.substring(2) + ".dir");
  }

  /** The kept manifest of {@code dirMd5}, if it is there. */
  public Optional<Path> storedManifest(String dirMd5) {
    Path path = manifestPath(dirMd5);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  /** Keeps {@code manifest} next to the lock file (once: its name is its hash). */
  public void storeManifest(DvcManifest manifest) throws IOException {
    Path path = manifestPath(manifest.md5());
    if (Files.isRegularFile(path)) {
      return;
    }
    Files.createDirectories(path.getParent());
    WholeFile.replace(path, manifest.json().getBytes(StandardCharsets.US_ASCII), ".manifest-");
  }

  private static <V> Map<String, V> sorted() {
    return new TreeMap<>(DvcManifest.CODE_POINT_ORDER);
  }

  // ---- reading -------------------------------------------------------------------------------

  private static Map<String, Map<String, Entry>> parse(Path file, String text) throws LockException {
    Node root = compose(file, text);
    if (root == null) {
      throw new LockException(file + ":1: empty; delete it and run 'repro4j lock' to write it again");
    }
    List<NodeTuple> top = mapping(file, root, "the top level (version: 1 and experiments:)");
    Node version = value(file, root, top, "version");
    if (!(version instanceof ScalarNode v) || !v.getValue().equals(Integer.toString(VERSION))) {
      throw new LockException(where(file, version) + ": version must be " + VERSION
          + " (this Repro4j reads lock files of version " + VERSION + "); run 'repro4j lock' with the"
          + " Repro4j that wrote it, or delete the file and lock again");
    }
    unknownKeys(file, top, List.of("version", "experiments"));
    Map<String, Map<String, Entry>> experiments = sorted();
    Node experimentsNode = value(file, root, top, "experiments");
    for (NodeTuple experiment : mapping(file, experimentsNode, "'experiments' (experiment name: datasets)")) {
      String experimentName = key(file, experiment);
      Map<String, Entry> datasets = sorted();
      for (NodeTuple dataset : mapping(file, experiment.getValueNode(),
          "experiment '" + experimentName + "' (dataset name: entry)")) {
        String datasetName = key(file, dataset);
        datasets.put(datasetName, entry(file, dataset.getValueNode(), experimentName + "/" + datasetName,
            dataset.getKeyNode().getStartMark().getLine() + 1));
      }
      experiments.put(experimentName, datasets);
    }
    return experiments;
  }

  private static Entry entry(Path file, Node node, String what, int line) throws LockException {
    List<NodeTuple> tuples = mapping(file, node, "dataset " + what + " (" + String.join(", ", ENTRY_KEYS) + ")");
    unknownKeys(file, tuples, ENTRY_KEYS);
    String path = scalar(file, value(file, node, tuples, "path"), "path");
    if (path.isEmpty()) {
      throw new LockException(where(file, value(file, node, tuples, "path")) + ": path of " + what
          + " is empty; run 'repro4j lock' to write it again");
    }
    Node md5Node = value(file, node, tuples, "md5");
    String md5 = scalar(file, md5Node, "md5");
    if (!MD5.matcher(md5).matches()) {
      throw new LockException(where(file, md5Node) + ": md5 '" + md5 + "' of " + what
          + " is not 32 lowercase hex digits (followed by .dir for a directory); run 'repro4j lock'"
          + " to write it again");
    }
    Node hashNode = value(file, node, tuples, "hash");
    HashMode mode;
    try {
      mode = HashMode.fromDvcName(scalar(file, hashNode, "hash"));
    } catch (IllegalArgumentException e) {
      throw new LockException(where(file, hashNode) + ": " + e.getMessage());
    }
    long size = number(file, value(file, node, tuples, "size"), "size", 0, Long.MAX_VALUE);
    long nfiles = number(file, value(file, node, tuples, "nfiles"), "nfiles", 0, Integer.MAX_VALUE);
    return new Entry(path, md5, mode, size, (int) nfiles, line);
  }

  private static long number(Path file, Node node, String key, long min, long max) throws LockException {
    String text = scalar(file, node, key);
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LockException(where(file, node) + ": " + key + " '" + text + "' is not a whole number from "
        + min + " to " + max + "; run 'repro4j lock' to write it again");
  }

  private static String scalar(Path file, Node node, String key) throws LockException {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw new LockException(where(file, node) + ": " + key + " must be a single value, found a "
        + node.getNodeId() + "; run 'repro4j lock' to write it again");
  }

  private static String key(Path file, NodeTuple tuple) throws LockException {
    if (tuple.getKeyNode() instanceof ScalarNode key && !key.getValue().isEmpty()) {
      return key.getValue();
    }
    throw new LockException(where(file, tuple.getKeyNode()) + ": a key must be a non-empty name;"
        + " run 'repro4j lock' to write the file again");
  }

  private static Node value(Path file, Node parent, List<NodeTuple> tuples, String key) throws LockException {
    for (NodeTuple tuple : tuples) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    throw new LockException(where(file, parent) + ": '" + key + "' is missing; run 'repro4j lock' to"
        + " write the file again");
  }

  private static void unknownKeys(Path file, List<NodeTuple> tuples, List<String> known) throws LockException {
    for (NodeTuple tuple : tuples) {
      String key = key(file, tuple);
      if (!known.contains(key)) {
        throw new LockException(where(file, tuple.getKeyNode()) + ": unknown key '" + key + "' (expected "
            + String.join(", ", known) + "); remove it, or run 'repro4j lock' to write the file again");
      }
    }
  }

  private static List<NodeTuple> mapping(Path file, Node node, String what) throws LockException {
    if (!(node instanceof MappingNode map)) {
      throw new LockException(where(file, node) + ": expected a mapping for " + what + ", found a "
          + node.getNodeId() + "; run 'repro4j lock' to write the file again");
    }
    List<String> seen = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = key(file, tuple);
      if (seen.contains(key)) {
        throw new LockException(where(file, tuple.getKeyNode()) + ": duplicate key '" + key
            + "'; keep one of them (a merge of two branches?) and run 'repro4j lock'");
      }
      seen.add(key);
    }
    return map.getValue();
  }

  private static Node compose(Path file, String text) throws LockException {
    LoaderOptions options = YamlConfigReader.limitedLoaderOptions(MAX_CODE_POINTS);
    try {
      Composer composer =
          new Composer(new ParserImpl(new StreamReader(text), options), new DvcPin.StringsOnly(), options);
      return composer.getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new LockException(file + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
          + ": not valid YAML: " + e.getProblem() + "; fix it (a merge conflict?) or delete it and run"
          + " 'repro4j lock'");
    } catch (YAMLException e) {
      throw new LockException(file + ": not readable as YAML: " + e.getMessage()
          + "; delete it and run 'repro4j lock'");
    }
  }

  private static String where(Path file, Node node) {
    return file + ":" + (node.getStartMark().getLine() + 1);
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * {@code s} as a YAML double-quoted scalar: printable ASCII as is, {@code "} and {@code \}
   * escaped, everything else as {@code \}{@code uXXXX} or {@code \}{@code UXXXXXXXX}, so the file
   * is ASCII and no line break or invisible character hides in a name.
   */
  static String quoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c >= 0x20 && c <= 0x7e) {
        out.appendCodePoint(c);
      } else if (c <= 0xffff) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%08x", c));
      }
    });
    return out.append('"').toString();
  }
}
