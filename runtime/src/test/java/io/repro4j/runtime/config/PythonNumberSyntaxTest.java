package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The character loops accept exactly what the regular expressions they replace accepted. */
class PythonNumberSyntaxTest {
  private static final Pattern INT = Pattern.compile("[+-]?\\d(?:_?\\d)*");
  private static final Pattern DECIMAL = Pattern.compile(
      "[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");

  @Test
  void agreesWithTheRegularExpressions() {
    String alphabet = "0123456789__..eE+-+- x٣";
    Random random = new Random(6);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(9);
      for (int k = 0; k < length; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      check(text.toString());
    }
    for (String s : new String[] {"", "1", "-1", "+", "1_000", "1__0", "_1", "1_", "1.", ".5", ".", "-.5e-3",
        "1e5", "1e", "1.e5", ".e5", "1_0.0_1e1_0", "1.5E+300", "nan", "1 ", "٣"}) {
      check(s);
    }
  }

  private static void check(String s) {
    assertEquals(INT.matcher(s).matches(), PythonNumberSyntax.isInt(s), "int '" + s + "'");
    assertEquals(DECIMAL.matcher(s).matches(), PythonNumberSyntax.isDecimal(s), "decimal '" + s + "'");
  }
}
