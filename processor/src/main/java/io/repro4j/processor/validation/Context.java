package io.repro4j.processor.validation;

import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** What every validator needs: javac's utilities and where errors go. */
record Context(Elements elements, Types types, Diagnostics diagnostics) {}
