package io.repro4j.runtime.config;

import java.util.List;

/**
 * The parse tree of one override, before functions are evaluated: what {@link OverrideParser}
 * builds and {@link OverrideEvaluator} turns into values. Spans are offsets into the override.
 */
final class OverrideTree {
  private OverrideTree() {}

  /** {@code key=value}, {@code +key=value}, {@code ++key=value}, {@code ~key}, {@code ~key=value}. */
  record Override(
      ConfigOverride.Type type, Key key, Node value, int valueStart, boolean hasEqual) {}

  /**
   * {@code keyOrGroup} as written ({@code optimizer.lr}, {@code hydra/launcher}, or empty); {@code
   * pkg} the text after {@code @} (possibly empty), or null without {@code @}.
   */
  record Key(String keyOrGroup, int start, int end, String pkg) {}

  /** A value: an element, or a simple choice sweep {@code a,b,c}. */
  sealed interface Node permits Primitive, ListNode, DictNode, Call, SimpleSweep {
    int start();

    int end();
  }

  /**
   * A run of primitive tokens (ID, INT, WS, ...) or one quoted string; {@code start}/{@code end}
   * exclude blanks around it.
   */
  record Primitive(List<OverrideToken> tokens, int start, int end) implements Node {}

  record ListNode(List<Node> elements, int start, int end) implements Node {}

  /** {@code {a: 1, b: [x]}}; keys are dict-key primitives (no quotes, no interpolation). */
  record DictNode(List<Entry> entries, int start, int end) implements Node {}

  record Entry(Primitive key, Node value) {}

  /** {@code name(args)}; {@code text} is the call as written, for messages. */
  record Call(String name, List<Arg> args, int start, int end, String text) implements Node {}

  /** A function argument; {@code name} is null for a positional one. */
  record Arg(String name, Node value, int start) {}

  record SimpleSweep(List<Node> elements, int start, int end) implements Node {}
}
