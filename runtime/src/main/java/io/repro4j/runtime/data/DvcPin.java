package io.repro4j.runtime.data;

import io.repro4j.runtime.config.YamlConfigReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * An expected hash read from a DVC metafile: the first out of a {@code .dvc} file, or a stage's dep
 * or out in a {@code dvc.lock}. The mode follows the entry as DVC's {@code
 * _compute_hash_info_from_meta} does: {@code hash: md5} is DVC 3.x plain md5, no {@code hash} key is
 * DVC 2.x md5-dos2unix.
 *
 * <p>Read with SnakeYAML's composer only, with the same limits as config files, and without
 * implicit typing, so that an all-digit md5 keeps its leading zeros.
 *
 * @param md5 the expected value, lowercased as DVC does on load ({@code .dir} kept)
 * @param mode the mode the entry names
 * @param source where it was read, {@code file:line}, for messages
 */
public record DvcPin(String md5, HashMode mode, String source) {
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}(\\.dir)?");
  private static final int MAX_BYTES = 4_000_000;

  /** A pin file that is missing or ill-formed; the message names the place and the fix. */
  public static final class PinException extends Exception {
    PinException(String message) {
      super(message);
    }
  }

  /**
   * Reads the pin of {@code spec} (which must be {@link DatasetSpec#pinnedByDvc()}), resolving its
   * file against {@code workDir}.
   */
  public static DvcPin read(DatasetSpec spec, Path workDir) throws PinException {
    Path file = workDir.resolve(spec.dvcFile()).toAbsolutePath().normalize();
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PinException(file + ": larger than " + MAX_BYTES + " bytes, which no DVC metafile is;"
            + " point @Dataset of " + spec.element() + " at the right file");
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new PinException(file + ": not found (named by @Dataset of " + spec.element() + ");"
          + (spec.dvcStage().isEmpty() ? " run 'dvc add " + spec.defaultPath() + "' to create it," : " run 'dvc repro' to create it,")
          + " or run from the directory it is relative to (" + workDir + ")");
    } catch (CharacterCodingException e) {
      throw new PinException(file + ": not UTF-8 text, so not a DVC metafile; point @Dataset of "
          + spec.element() + " at the right file");
    } catch (IOException e) {
      throw new PinException(file + ": cannot read: " + e.getMessage());
    }
    Node root = compose(file, text);
    return spec.dvcStage().isEmpty()
        ? fromDvcFile(file, root, spec)
        : fromLock(file, root, spec, workDir);
  }

  private static DvcPin fromDvcFile(Path file, Node root, DatasetSpec spec) throws PinException {
    Node outs = mapping(file, root, "a .dvc file").get("outs");
    if (!(outs instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw new PinException(where(file, outs == null ? root : outs)
          + ": no 'outs' list with an entry; a .dvc file as 'dvc add' writes it has"
          + " 'outs: [{md5: ..., hash: md5, path: ...}]': re-run 'dvc add " + spec.defaultPath() + "'");
    }
    return entry(file, list.getValue().get(0), spec);
  }

  private static DvcPin fromLock(Path file, Node root, DatasetSpec spec, Path workDir) throws PinException {
    Entries top = mapping(file, root, "a dvc.lock file");
    Node schema = top.get("schema");
    if (!(schema instanceof ScalarNode s) || !s.getValue().equals("2.0")) {
      throw new PinException(where(file, schema == null ? root : schema)
          + ": not a DVC 2.0+ lock file (it needs schema: '2.0'); DVC 1.x lock files are not read:"
          + " re-run 'dvc repro' with DVC 2 or later");
    }
    Node stages = top.get("stages");
    Node stage = stages == null ? null : mapping(file, stages, "'stages'").get(spec.dvcStage());
    if (stage == null) {
      throw new PinException(where(file, stages == null ? root : stages) + ": no stage '" + spec.dvcStage()
          + "'; set stage in @Dataset of " + spec.element() + " to one of "
          + (stages == null ? "its stages" : mapping(file, stages, "'stages'").keys()));
    }
    Path lockDir = file.getParent();
    Path wanted = lockDir.relativize(workDir.resolve(spec.defaultPath()).toAbsolutePath().normalize());
    Entries stageEntries = mapping(file, stage, "stage '" + spec.dvcStage() + "'");
    List<String> seen = new ArrayList<>();
    for (String section : List.of("deps", "outs")) {
      if (stageEntries.get(section) instanceof SequenceNode list) {
        for (Node item : list.getValue()) {
          if (mapping(file, item, "an entry of " + section).get("path") instanceof ScalarNode path) {
            seen.add(path.getValue());
            if (Path.of(path.getValue()).normalize().equals(wanted.normalize())) {
              return entry(file, item, spec);
            }
          }
        }
      }
    }
    throw new PinException(where(file, stage) + ": stage '" + spec.dvcStage() + "' has no dep or out with path '"
        + wanted.toString().replace('\\', '/') + "' (the dataset's path " + spec.defaultPath()
        + " relative to the lock file's folder); it names " + seen
        + ": fix path or stage in @Dataset of " + spec.element());
  }

  private static DvcPin entry(Path file, Node node, DatasetSpec spec) throws PinException {
    Entries entry = mapping(file, node, "an out");
    Node md5 = entry.get("md5");
    if (!(md5 instanceof ScalarNode value)) {
      throw new PinException(where(file, md5 == null ? node : md5) + ": the entry has no md5"
          + " (a cloud etag or checksum cannot be checked locally); pin " + spec.element()
          + " with md5 = \"...\" from 'repro4j hash' instead");
    }
    String hex = value.getValue().toLowerCase(Locale.ROOT);
    if (!MD5.matcher(hex).matches()) {
      throw new PinException(where(file, md5) + ": md5 '" + value.getValue() + "' is not 32 hex digits"
          + " (followed by .dir for a directory); re-run 'dvc add' or 'dvc repro' to rewrite it");
    }
    Node hash = entry.get("hash");
    HashMode mode;
    if (hash == null) {
      mode = HashMode.MD5_DOS2UNIX;
    } else if (hash instanceof ScalarNode name && name.getValue().equals("md5")) {
      mode = HashMode.MD5;
    } else {
      throw new PinException(where(file, hash) + ": hash '" + (hash instanceof ScalarNode n ? n.getValue() : hash.getNodeId())
          + "' cannot be checked: Repro4j knows 'hash: md5' (DVC 3.x) and no hash key (DVC 2.x)");
    }
    return new DvcPin(hex, mode, where(file, md5));
  }

  /** A mapping's keys and values, in order. */
  private record Entries(List<String> keysList, List<Node> values) {
    Node get(String key) {
      int i = keysList.indexOf(key);
      return i < 0 ? null : values.get(i);
    }

    List<String> keys() {
      return keysList;
    }
  }

  private static Entries mapping(Path file, Node node, String what) throws PinException {
    if (!(node instanceof MappingNode map)) {
      throw new PinException(where(file, node) + ": expected a mapping for " + what
          + ", found a " + node.getNodeId() + "; is this a DVC metafile?");
    }
    List<String> keys = new ArrayList<>();
    List<Node> values = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        keys.add(key.getValue());
        values.add(tuple.getValueNode());
      }
    }
    return new Entries(keys, values);
  }

  static Node compose(Path file, String text) throws PinException {
    LoaderOptions options = YamlConfigReader.limitedLoaderOptions(MAX_BYTES);
    try {
      Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new StringsOnly(), options);
      Node root = composer.getSingleNode();
      if (root == null) {
        throw new PinException(file + ":1: empty; a DVC metafile is a YAML mapping: re-run 'dvc add' or 'dvc repro'");
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new PinException(file + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
          + ": not valid YAML: " + e.getProblem() + "; fix the file or re-create it with DVC");
    } catch (YAMLException e) {
      throw new PinException(file + ": not readable as YAML: " + e.getMessage() + "; re-create it with DVC");
    }
  }

  private static String where(Path file, Node node) {
    return file + ":" + (node.getStartMark().getLine() + 1);
  }

  /** Every plain scalar stays a string: md5 values are read raw, never as numbers. */
  static final class StringsOnly extends Resolver {
    @Override
    protected void addImplicitResolvers() {}

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      return kind == NodeId.scalar && implicit ? Tag.STR : super.resolve(kind, value, implicit);
    }
  }
}
