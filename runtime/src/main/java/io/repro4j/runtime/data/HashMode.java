package io.repro4j.runtime.data;

import java.util.Locale;

/** How a file's bytes are hashed, named as DVC names it in {@code .dvc} and {@code dvc.lock} files. */
public enum HashMode {
  /** DVC 3.x ({@code hash: md5}): every byte as is, identical to {@code md5sum}. */
  MD5("md5"),
  /**
   * DVC 2.x (an entry without a {@code hash} key): per 1 MiB chunk, CRLF becomes LF when the
   * chunk's first 512 bytes look like text.
   */
  MD5_DOS2UNIX("md5-dos2unix");

  private final String dvcName;

  HashMode(String dvcName) {
    this.dvcName = dvcName;
  }

  /** The name DVC uses for this mode ({@code md5} or {@code md5-dos2unix}). */
  public String dvcName() {
    return dvcName;
  }

  /**
   * The mode with DVC's name {@code name}.
   *
   * @throws IllegalArgumentException naming the accepted names when {@code name} is none of them
   */
  public static HashMode fromDvcName(String name) {
    for (HashMode mode : values()) {
      if (mode.dvcName.equals(name.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown hash mode '" + name + "': use md5 (DVC 3.x) or md5-dos2unix (DVC 2.x)");
  }
}
