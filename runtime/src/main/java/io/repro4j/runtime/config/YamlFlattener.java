package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks a composed YAML node graph (never constructing objects) into flat dotted keys, collecting
 * every problem: tags, non-scalar keys, duplicate keys, lists of mappings, recursive aliases.
 * Merge keys ({@code <<: *base}) work as in PyYAML: shallow, explicit keys win.
 */
final class YamlFlattener {
  /**
   * The tag our resolver gives plain untagged scalars. Compared by identity: an explicit
   * {@code !!str} produces an equal but distinct {@code Tag}, and must not be typed implicitly.
   */
  static final Tag PLAIN = new Tag(Tag.PREFIX + "str");

  /**
   * How many nodes may be visited a second time through aliases. SnakeYAML's alias limit bounds
   * the alias count, not the expansion: 25 aliases that each double the previous list would still
   * expand to 33 million values.
   */
  static final int MAX_ALIAS_EXPANSION = 100_000;

  /** Thrown when the expansion limit is hit; the reader turns it into one problem. */
  static final class ExpansionLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Node node;

    ExpansionLimit(Node node) {
      super(null, null, false, false);
      this.node = node;
    }
  }

  private record Entry(String key, Node keyNode, Node valueNode) {}

  private final String file;
  private final boolean primary;
  private final List<DefaultsEntry> defaults = new ArrayList<>();
  private final List<String> sweep = new ArrayList<>();
  private final List<LauncherSetting> slurm = new ArrayList<>();
  private final Map<String, RawValue> values = new LinkedHashMap<>();
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Node, List<Entry>> entriesCache = new IdentityHashMap<>();
  private int revisits;

  YamlFlattener(String file) {
    this(file, false);
  }

  /** With {@code primary}, a top-level {@code defaults:} key is read as a defaults list. */
  YamlFlattener(String file, boolean primary) {
    this.file = file;
    this.primary = primary;
  }

  /** The overrides under a primary file's {@code sweep:} key ({@code lr=0.1,0.01}), in order. */
  List<String> sweep() {
    return sweep;
  }

  /** The entries under a primary file's {@code slurm:} key, in order. */
  List<LauncherSetting> slurm() {
    return slurm;
  }

  /** The entries of the defaults list of a primary file. */
  List<DefaultsEntry> defaults() {
    return defaults;
  }

  Map<String, RawValue> values() {
    return values;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  /** Flattens the document's root node, which must be a mapping (or an empty document). */
  void root(Node root) {
    if (root instanceof ScalarNode scalar
        && scalar.getTag() == PLAIN
        && YamlScalars.isNull(scalar.getValue())) {
      return; // an empty document, or one holding only "~" or "null": no values
    }
    if (!(root instanceof MappingNode mapping)) {
      problem(
          root,
          "a config file must be a mapping of keys to values (lines like 'lr: 0.1'), not "
              + (root instanceof SequenceNode ? "a list" : "a single value"));
      return;
    }
    if (checkTag(root)) {
      mapping(mapping, "");
    }
  }

  private void mapping(MappingNode node, String prefix) {
    if (!inProgress.add(node)) {
      recursive(node);
      return;
    }
    for (Entry entry : entries(node)) {
      if (primary && prefix.isEmpty() && entry.key().equals("defaults")) {
        defaultsList(entry.valueNode());
      } else if (primary && prefix.isEmpty() && entry.key().equals(SWEEP_KEY)) {
        sweepSection(entry.valueNode());
      } else if (primary && prefix.isEmpty() && entry.key().equals(SLURM_KEY)) {
        slurmSection(entry.valueNode());
      } else {
        value(prefix + entry.key(), entry.valueNode());
      }
    }
    inProgress.remove(node);
  }

  /** The top-level key of a primary file whose entries are sweep overrides, not values. */
  static final String SWEEP_KEY = "sweep";

  /**
   * The {@code sweep:} section, Hydra's {@code hydra.sweeper.params}: {@code key: sweep} per entry,
   * each checked as the override {@code key=sweep} would be ({@code lr: 0.1,0.01}, {@code epochs:
   * range(10,50,10)}). Only {@code --multirun} uses them.
   */
  private void sweepSection(Node node) {
    visit(node);
    if (!checkTag(node)) {
      return;
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, SWEEP_KEY, "'sweep' must map keys to sweeps, e.g. 'sweep: {lr: \"0.1,0.01\", epochs: range(10,30,10)}'");
      return;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      Node key = tuple.getKeyNode();
      Node value = tuple.getValueNode();
      if (!(key instanceof ScalarNode k) || !(value instanceof ScalarNode v) || !checkTag(value)) {
        problem(value, SWEEP_KEY, "a sweep entry is 'key: values' with the values as an override writes them,"
            + " e.g. 'lr: 0.1,0.01' or 'epochs: range(10,30,10)'");
        continue;
      }
      String text = k.getValue() + "=" + v.getValue();
      try {
        ConfigOverride.parse(text);
        sweep.add(text);
      } catch (ConfigException e) {
        for (ConfigProblem p : e.problems()) {
          problem(value, SWEEP_KEY + "." + k.getValue(), "sweep entry '" + text + "': " + p.message());
        }
      }
    }
  }

  /** The top-level key of a primary file whose entries are the SLURM launcher's options, not values. */
  static final String SLURM_KEY = "slurm";

  /**
   * The {@code slurm:} section, what Hydra keeps under {@code hydra.launcher}: {@code option: value}
   * per entry, a value being a scalar or a list of scalars ({@code extra}). Only the shape is
   * checked here; the sweep checks the option names and values (it knows the launcher) and points
   * at each entry's line.
   */
  private void slurmSection(Node node) {
    visit(node);
    if (!checkTag(node)) {
      return;
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, SLURM_KEY, "'slurm' must map SLURM options to values, e.g. 'slurm: {partition: gpu, time: 120}'");
      return;
    }
    for (Entry entry : entries(mapping)) {
      Node value = entry.valueNode();
      visit(value);
      if (!checkTag(value)) {
        continue;
      }
      String key = SLURM_KEY + "." + entry.key();
      if (value instanceof ScalarNode scalar) {
        boolean isNull = scalar.getTag() == PLAIN && YamlScalars.isNull(scalar.getValue());
        slurm.add(new LauncherSetting(entry.key(), isNull ? null : scalar.getValue(), origin(value)));
      } else if (value instanceof SequenceNode sequence) {
        List<String> lines = new ArrayList<>();
        for (Node element : sequence.getValue()) {
          visit(element);
          if (element instanceof ScalarNode line && checkTag(element)) {
            lines.add(line.getValue());
          } else {
            problem(element, key, "a list under 'slurm' holds plain values, one sbatch option each,"
                + " e.g. 'extra: [--qos=long, --constraint=v100]'");
          }
        }
        slurm.add(new LauncherSetting(entry.key(), lines, origin(value)));
      } else {
        problem(value, key, "a SLURM option takes one value (or, for 'extra', a list of sbatch options),"
            + " not a mapping, e.g. 'partition: gpu'");
      }
    }
  }

  /** Hydra's defaults list, the forms Repro4j supports: {@code - group: option} and {@code - _self_}. */
  private void defaultsList(Node node) {
    visit(node);
    if (!checkTag(node)) {
      return;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem(node, "defaults", "'defaults' must be a list, e.g. 'defaults: [optimizer: adam, _self_]'");
      return;
    }
    for (Node element : sequence.getValue()) {
      visit(element);
      if (!checkTag(element)) {
        continue;
      }
      if (element instanceof ScalarNode scalar && scalar.getValue().equals("_self_")) {
        defaults.add(new DefaultsEntry.Self(origin(element)));
      } else if (element instanceof ScalarNode scalar) {
        problem(
            element,
            "defaults",
            "'- " + scalar.getValue() + "' would include another config file, which Repro4j does not"
                + " support; list it in @Experiment(config), or write '- group: option'");
      } else if (element instanceof MappingNode mapping && mapping.getValue().size() == 1) {
        choice(mapping.getValue().get(0));
      } else {
        problem(
            element,
            "defaults",
            "a defaults list entry is '- group: option' (e.g. '- optimizer: adam') or '- _self_'");
      }
    }
  }

  private void choice(NodeTuple tuple) {
    Node keyNode = tuple.getKeyNode();
    Node valueNode = tuple.getValueNode();
    visit(keyNode);
    visit(valueNode);
    if (!checkTag(keyNode) || !checkTag(valueNode)) {
      return;
    }
    if (!(keyNode instanceof ScalarNode keyScalar)) {
      problem(keyNode, "defaults", "a defaults list entry is '- group: option', e.g. '- optimizer: adam'");
      return;
    }
    String group = keyScalar.getValue().strip();
    boolean override = false;
    if (group.startsWith("override ")) {
      override = true;
      group = group.substring("override ".length()).strip();
    } else if (group.startsWith("optional ")) {
      problem(keyNode, "defaults", "'optional' is not supported: every option of a group is a Java record,"
          + " so an option always exists; remove 'optional'");
      return;
    }
    if (group.startsWith("/")) {
      group = group.substring(1); // absolute: every group is top-level here
    }
    if (group.contains("@")) {
      problem(keyNode, "defaults", "packages ('" + group + "') are not supported: a group's keys are always under"
          + " the group's own key; remove '@" + group.substring(group.indexOf('@') + 1) + "'");
      return;
    }
    if (!(valueNode instanceof ScalarNode optionScalar)
        || (optionScalar.getTag() == PLAIN && YamlScalars.isNull(optionScalar.getValue()))
        || optionScalar.getValue().equals("???")) {
      problem(
          valueNode,
          group,
          "'" + group + "' needs one option name here (e.g. '- " + group + ": adam'); lists, null and ???"
              + " are not supported");
      return;
    }
    defaults.add(
        new DefaultsEntry.Choice(
            group, optionScalar.getValue(), override, origin(keyNode), origin(valueNode)));
  }

  private void value(String key, Node node) {
    visit(node);
    if (!checkTag(node)) {
      return;
    }
    if (node instanceof ScalarNode scalar) {
      try {
        put(key, new RawValue(scalar(scalar), origin(node)));
      } catch (YamlScalars.BadScalar e) {
        problem(node, key, e.getMessage());
      }
    } else if (node instanceof SequenceNode sequence) {
      List<RawValue> list = list(sequence);
      if (list != null) {
        put(key, new RawValue(list, origin(node)));
      }
    } else {
      MappingNode mapping = (MappingNode) node;
      if (mapping.getValue().isEmpty()) {
        // "opt: {}" has no key to flatten to; keep it so the checker reports the mapping.
        put(key, new RawValue(Map.of(), origin(node)));
      } else {
        mapping(mapping, key + ".");
      }
    }
  }

  /** The elements of a list, or null when it is recursive. */
  private List<RawValue> list(SequenceNode node) {
    if (!inProgress.add(node)) {
      recursive(node);
      return null;
    }
    List<RawValue> elements = new ArrayList<>();
    for (Node element : node.getValue()) {
      visit(element);
      if (!checkTag(element)) {
        continue;
      }
      if (element instanceof ScalarNode scalar) {
        try {
          elements.add(new RawValue(scalar(scalar), origin(element)));
        } catch (YamlScalars.BadScalar e) {
          problem(element, e.getMessage());
        }
      } else if (element instanceof SequenceNode nested) {
        List<RawValue> inner = list(nested);
        if (inner != null) {
          elements.add(new RawValue(inner, origin(element)));
        }
      } else {
        problem(
            element,
            "lists of mappings are not supported; use a list of plain values, or separate keys");
      }
    }
    inProgress.remove(node);
    return Collections.unmodifiableList(elements);
  }

  /**
   * The entries of a mapping with merge keys applied, each key checked once (mappings reached
   * through aliases are not re-checked, so a problem is reported once).
   */
  private List<Entry> entries(MappingNode node) {
    List<Entry> cached = entriesCache.get(node);
    if (cached != null) {
      return cached;
    }
    Map<String, Entry> explicit = new LinkedHashMap<>();
    List<Node> mergeSources = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      visit(keyNode);
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        problem(keyNode, "keys must be plain names, not lists or mappings");
        continue;
      }
      if (!checkTag(keyNode)) {
        continue;
      }
      String key = scalarKey.getValue();
      if (keyNode.getTag() == PLAIN && key.equals("<<")) {
        mergeSources.add(tuple.getValueNode());
        continue;
      }
      if (key.isEmpty()) {
        problem(keyNode, "empty key; write a name before the ':'");
        continue;
      }
      Entry first = explicit.get(key);
      if (first != null) {
        problem(
            keyNode,
            key,
            "duplicate key '"
                + key
                + "' (first set at line "
                + (first.keyNode().getStartMark().getLine() + 1)
                + "); remove one of them");
        continue;
      }
      explicit.put(key, new Entry(key, keyNode, tuple.getValueNode()));
    }
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (Node source : mergeSources) {
      merge(source, merged);
    }
    merged.putAll(explicit); // explicit keys win over merged ones
    List<Entry> result = List.copyOf(merged.values());
    entriesCache.put(node, result);
    return result;
  }

  /** Adds the entries of a merge source; earlier sources win, as in PyYAML. */
  private void merge(Node source, Map<String, Entry> into) {
    visit(source);
    if (!checkTag(source)) {
      return;
    }
    List<Node> mappings = new ArrayList<>();
    if (source instanceof MappingNode) {
      mappings.add(source);
    } else if (source instanceof SequenceNode sequence) {
      mappings.addAll(sequence.getValue());
    }
    for (Node mapping : mappings) {
      if (!(mapping instanceof MappingNode m)) {
        problem(
            mapping,
            "a merge key '<<' takes a mapping or a list of mappings, e.g. '<<: *defaults'");
        continue;
      }
      if (!inProgress.add(m)) {
        recursive(m);
        continue;
      }
      for (Entry entry : entries(m)) {
        into.putIfAbsent(entry.key(), entry);
      }
      inProgress.remove(m);
    }
  }

  private Object scalar(ScalarNode node) throws YamlScalars.BadScalar {
    if (node.getTag() == PLAIN) {
      return YamlScalars.plain(node.getValue());
    }
    return YamlScalars.tagged(node.getTag().getValue().substring(Tag.PREFIX.length()), node.getValue());
  }

  private void put(String key, RawValue value) {
    RawValue previous = values.putIfAbsent(key, value);
    if (previous != null) {
      Origin.InFile first = (Origin.InFile) previous.origin();
      problems.add(
          new ConfigProblem(
              value.origin(),
              key,
              "'" + key + "' is set twice (first at line " + first.line() + "); remove one of them"));
    }
  }

  /**
   * Only YAML's core tags are allowed, each on its kind of node: anything else
   * ({@code !!python/object}, {@code !foo}) is refused, so that no tag can ever pick a constructor.
   */
  private boolean checkTag(Node node) {
    Tag tag = node.getTag();
    if (tag == PLAIN) {
      return true;
    }
    String name = tag.getValue();
    boolean core =
        name.equals(Tag.STR.getValue())
            || name.equals(Tag.INT.getValue())
            || name.equals(Tag.FLOAT.getValue())
            || name.equals(Tag.BOOL.getValue())
            || name.equals(Tag.NULL.getValue())
            || name.equals(Tag.SEQ.getValue())
            || name.equals(Tag.MAP.getValue());
    if (!core) {
      problem(
          node,
          "tags are not allowed: remove '"
              + shortTag(name)
              + "' (config files hold plain values; only YAML's !!str, !!int, !!float, !!bool,"
              + " !!null, !!seq and !!map may be used)");
      return false;
    }
    boolean fits;
    if (node instanceof SequenceNode) {
      fits = tag.equals(Tag.SEQ);
    } else if (node instanceof MappingNode) {
      fits = tag.equals(Tag.MAP);
    } else {
      fits = !tag.equals(Tag.SEQ) && !tag.equals(Tag.MAP);
    }
    if (!fits) {
      String kind =
          node instanceof SequenceNode ? "a list" : node instanceof MappingNode ? "a mapping" : "a value";
      problem(node, "the tag '" + shortTag(name) + "' does not fit " + kind + "; remove it");
    }
    return fits;
  }

  private static String shortTag(String tag) {
    return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
  }

  private void visit(Node node) {
    if (!visited.add(node) && ++revisits > MAX_ALIAS_EXPANSION) {
      throw new ExpansionLimit(node);
    }
  }

  private void recursive(Node node) {
    String anchor = node.getAnchor() == null ? "" : " '&" + node.getAnchor() + "'";
    problem(node, "the anchor" + anchor + " is used inside itself (a recursive alias); remove that alias");
  }

  Origin.InFile origin(Node node) {
    return new Origin.InFile(
        file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  private void problem(Node node, String message) {
    problem(node, "", message);
  }

  private void problem(Node node, String key, String message) {
    problems.add(new ConfigProblem(origin(node), key, message));
  }
}
