package io.repro4j.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML config file into flat dotted keys with the position of each value.
 *
 * <p>Safe by construction: SnakeYAML's composer only (no object construction), no tags but the
 * YAML core ones, bounded aliases, nesting depth and size, duplicate keys rejected. Scalars are
 * typed as OmegaConf does (YAML 1.1 plus {@code 1e-3} as a float).
 *
 * <p>Limits: at most {@value #MAX_ALIASES} aliases to lists or mappings, {@value #MAX_DEPTH}
 * levels of nesting, {@value #MAX_CODE_POINTS} characters, and at most
 * {@value YamlFlattener#MAX_ALIAS_EXPANSION} values reached a second time through aliases (which
 * stops alias bombs that stay under the alias count).
 */
public final class YamlConfigReader {
  private YamlConfigReader() {}

  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 50;
  static final int MAX_CODE_POINTS = 1_000_000;

  /**
   * Parses {@code text}. Nested mappings become dotted keys ({@code optimizer: {lr: 1}} gives
   * {@code optimizer.lr}); a key may also be written dotted ({@code optimizer.lr: 1}). Sequences
   * become lists of {@link RawValue}s, each with its own position; an empty mapping ({@code opt:
   * {}}) becomes an empty {@code Map} value, which no config type accepts. Merge keys ({@code <<:
   * *base}) are applied as PyYAML does. The top level must be a mapping (or the document empty).
   *
   * @param file the name shown in origins and errors, e.g. {@code iris.yaml}
   * @return the values in document order
   * @throws ConfigException when the text is not valid YAML or breaks a limit, with the position;
   *     or with every problem found in a well-formed document (tags, duplicate keys, lists of
   *     mappings, ...)
   */
  public static Map<String, RawValue> read(String file, String text) throws ConfigException {
    return parse(file, text, false).values();
  }

  /**
   * Parses a primary config file (one of {@code @Experiment(config)}): as {@link #read}, except that
   * a top-level {@code defaults:} key is Hydra's defaults list rather than a value. Its entries are
   * {@code - group: option}, {@code - override group: option} and {@code - _self_}; other forms
   * are reported with their position.
   *
   * @throws ConfigException as {@link #read} does, and for malformed defaults list entries
   */
  public static ConfigFile readPrimary(String file, String text) throws ConfigException {
    return parse(file, text, true);
  }

  /**
   * SnakeYAML options with the limits every YAML file Repro4j reads gets, whoever wrote it: no
   * duplicate or recursive keys, at most 50 aliases and 50 levels, and {@code codePoints} at most.
   */
  public static LoaderOptions limitedLoaderOptions(int codePoints) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(codePoints);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  private static ConfigFile parse(String file, String text, boolean primary) throws ConfigException {
    checkSize(file, text);
    LoaderOptions options = limitedLoaderOptions(MAX_CODE_POINTS);
    // Composing never instantiates a tag, and YamlFlattener rejects every non-core tag with its
    // position; letting them through here means all of them are reported, not just the first.
    options.setTagInspector(tag -> true);

    // What Yaml.composeAll does, with a parser that remembers where it is, so that limit errors
    // (which SnakeYAML throws without a position) can still point at the file.
    TrackingParser parser = new TrackingParser(new ParserImpl(new StreamReader(text), options));
    Composer composer = new Composer(parser, new PlainResolver(), options);
    YamlFlattener flattener = new YamlFlattener(file, primary);
    try {
      if (!composer.checkNode()) {
        return new ConfigFile(file, Map.of(), List.of()); // no document at all: an empty config
      }
      Node root = composer.getNode();
      if (composer.checkNode()) {
        Mark second = parser.peekEvent().getStartMark();
        throw single(
            file,
            second,
            "a config file must hold one YAML document, but a second one starts here;"
                + " remove the '---' line and what follows, or move it to its own file");
      }
      flattener.root(root);
    } catch (MarkedYAMLException e) {
      throw syntaxError(file, e);
    } catch (ReaderException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  positionOf(file, text, e.getPosition()),
                  "",
                  String.format(
                      Locale.ROOT,
                      "the character U+%04X is not allowed in YAML; remove it",
                      e.getCodePoint()))));
    } catch (YAMLException e) {
      throw single(file, parser.lastMark(), limitMessage(e));
    } catch (YamlFlattener.ExpansionLimit e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  flattener.origin(e.node),
                  "",
                  "aliases expand to more than "
                      + YamlFlattener.MAX_ALIAS_EXPANSION
                      + " values (an alias bomb?); write the values out instead of aliasing"
                      + " aliases")));
    }
    if (!flattener.problems().isEmpty()) {
      throw new ConfigException(flattener.problems());
    }
    return new ConfigFile(
        file, java.util.Collections.unmodifiableMap(flattener.values()), flattener.defaults(), flattener.sweep(),
        flattener.slurm());
  }

  /** Refuses oversized input up front, pointing at the first character past the limit. */
  private static void checkSize(String file, String text) throws ConfigException {
    if (text.length() <= MAX_CODE_POINTS || text.codePointCount(0, text.length()) <= MAX_CODE_POINTS) {
      return;
    }
    int index = text.offsetByCodePoints(0, MAX_CODE_POINTS);
    throw new ConfigException(
        List.of(
            new ConfigProblem(
                positionOf(file, text, text.codePointCount(0, index)),
                "",
                "the file is longer than "
                    + MAX_CODE_POINTS
                    + " characters, the limit for a config file; split it or shorten it")));
  }

  private static ConfigException syntaxError(String file, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? clean(e.getProblem()) : clean(e.getContext());
    StringBuilder message = new StringBuilder("invalid YAML: ").append(problem);
    Mark contextMark = e.getContextMark();
    if (e.getContext() != null
        && e.getProblem() != null
        && contextMark != null
        && mark != null
        && (contextMark.getLine() != mark.getLine() || contextMark.getColumn() != mark.getColumn())) {
      message
          .append(" (")
          .append(clean(e.getContext()))
          .append(" that started at line ")
          .append(contextMark.getLine() + 1)
          .append(", column ")
          .append(contextMark.getColumn() + 1)
          .append(')');
    }
    message.append(hint(problem));
    return single(file, mark, message.toString());
  }

  /** SnakeYAML's wording without its Java-isms, e.g. {@code '\t(TAB)'}. */
  private static String clean(String text) {
    if (text.contains("(TAB)")) {
      return "found a tab, which YAML does not allow for indentation";
    }
    return text.replaceAll("\\s+", " ")
        .replaceAll("[;:.]\\s*$", "")
        .strip();
  }

  /** How to fix the most common syntax errors. */
  private static String hint(String problem) {
    if (problem.contains("mapping values are not allowed")) {
      return "; check the indentation, or quote a value that contains ': '";
    }
    if (problem.startsWith("found a tab")) {
      return "; indent with spaces";
    }
    if (problem.contains("undefined alias")) {
      return "; define the anchor (&name) before the alias (*name) uses it";
    }
    if (problem.contains("could not find expected ':'")) {
      return "; every line of a mapping needs 'key: value'";
    }
    if (problem.contains("expected <block end>")) {
      return "; check the indentation";
    }
    if (problem.contains("end of stream") || problem.contains("<stream end>")) {
      return "; close the open quote or bracket";
    }
    return "";
  }

  private static String limitMessage(YAMLException e) {
    String text = String.valueOf(e.getMessage());
    if (text.contains("Number of aliases")) {
      return "more than "
          + MAX_ALIASES
          + " aliases refer to lists or mappings, the limit that stops 'billion laughs' documents;"
          + " write the values out instead";
    }
    if (text.contains("Nesting Depth")) {
      return "the document nests deeper than "
          + MAX_DEPTH
          + " levels; flatten it (dotted keys like 'a.b.c: 1' work too)";
    }
    if (text.contains("code points")) {
      return "the file is longer than "
          + MAX_CODE_POINTS
          + " characters, the limit for a config file; split it or shorten it";
    }
    return "invalid YAML: " + clean(text);
  }

  private static ConfigException single(String file, Mark mark, String message) {
    Origin.InFile origin =
        mark == null
            ? new Origin.InFile(file, 1, 1)
            : new Origin.InFile(file, mark.getLine() + 1, mark.getColumn() + 1);
    return new ConfigException(List.of(new ConfigProblem(origin, "", message)));
  }

  /** Line and column of the code point at {@code codePointIndex}. */
  private static Origin.InFile positionOf(String file, String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int index = 0;
    for (int i = 0; i < codePointIndex && index < text.length(); i++) {
      int c = text.codePointAt(index);
      index += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Origin.InFile(file, line, column);
  }

  /**
   * Resolves nothing itself: plain scalars get {@link YamlFlattener#PLAIN} and are typed later by
   * {@link YamlScalars} with OmegaConf's rules; everything else keeps its explicit tag.
   */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // none: see YamlScalars
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return YamlFlattener.PLAIN;
      }
      return super.resolve(kind, value, implicit);
    }
  }

  /** A parser that remembers the position of the last event handed out. */
  private static final class TrackingParser implements Parser {
    private final Parser delegate;
    private Mark last;

    TrackingParser(Parser delegate) {
      this.delegate = delegate;
    }

    Mark lastMark() {
      return last;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      Event event = delegate.peekEvent();
      if (event != null) {
        last = event.getStartMark();
      }
      return event;
    }

    @Override
    public Event getEvent() {
      Event event = delegate.getEvent();
      if (event != null) {
        last = event.getStartMark();
      }
      return event;
    }
  }
}
