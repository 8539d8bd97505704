package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Md5Lanes}' two ways of loading blocks, and the names the launcher relies on. */
class Md5LanesTest {
  @Test
  void loadingAllLanesWordByWordEqualsLoadingLaneByLane() {
    Random random = new Random(5);
    byte[] bytes = new byte[1 << 16];
    random.nextBytes(bytes);
    for (int n : new int[] {1, 2, 7, 16, 17, 128}) {
      // room for more lanes than are in use, as MultiBufferMd5 has when its lanes run dry
      Md5Lanes together = new Md5Lanes(n + 11);
      Md5Lanes oneByOne = new Md5Lanes(n + 11);
      int[] offsets = new int[n];
      for (int lane = 0; lane < n; lane++) {
        together.reset(lane);
        oneByOne.reset(lane);
      }
      for (int block = 0; block < 3; block++) {
        for (int lane = 0; lane < n; lane++) {
          offsets[lane] = random.nextInt(bytes.length - 63); // any offset, aligned or not
          oneByOne.load(lane, bytes, offsets[lane]);
        }
        together.loadBlocks(n, bytes, offsets);
        together.compress(n);
        oneByOne.compress(n);
      }
      for (int lane = 0; lane < n; lane++) {
        assertArrayEquals(oneByOne.digest(lane), together.digest(lane), n + " lanes, lane " + lane);
      }
    }
  }

  @Test
  void theRoundLoopsThatTheLauncherKeepsFromInliningExist() {
    // bin/repro4j passes -XX:CompileCommand=dontinline,io.repro4j.runtime.data.Md5Lanes::f (g, h, i);
    // the JVM accepts a name that matches nothing, so a rename would lose the option silently.
    for (String round : new String[] {"f", "g", "h", "i"}) {
      assertDoesNotThrow(() -> Md5Lanes.class.getDeclaredMethod(round, int.class, int[].class, int[].class,
          int[].class, int[].class, int[].class, int.class, int.class), round);
    }
  }
}
