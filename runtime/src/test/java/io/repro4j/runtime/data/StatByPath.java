package io.repro4j.runtime.data;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with every walk entry stat-ed by path, the fallback where the JDK internals
 * that {@link UnixStatAt} uses are not available: {@code @ExtendWith(StatByPath.class)} on a
 * subclass reruns its parent's tests that way.
 */
final class StatByPath implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StatByPath.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("enabledBefore", UnixStatAt.enabled);
    UnixStatAt.enabled = false;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    UnixStatAt.enabled = context.getStore(NAMESPACE).get("enabledBefore", Boolean.class);
  }
}
