package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A data file or directory the experiment reads, on a field of type {@code java.nio.file.Path},
 * {@code java.io.File} or {@code String}. Before training starts it is hashed as DVC 3.x does (a
 * file's md5; a directory's md5 of its {@code .dir} manifest, ending in {@code .dir}) and compared
 * with its pin when one is given ({@link #md5()} inline, or read from DVC's {@link #dvc()} or
 * {@link #dvcLock()} file, whose entry also chooses DVC 3.x md5 or 2.x md5-dos2unix); the hash is
 * recorded either way.
 *
 * <p>The location is configurable like a hyperparameter named {@link #name()}, e.g.
 * {@code iris=/scratch/iris.csv}; the check still applies to whatever file is named.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dataset {
  /** The default location, relative to the working directory. */
  String path();

  /**
   * The expected hash as {@code repro4j hash} and DVC print it: 32 lowercase hex digits, followed by
   * {@code .dir} for a directory. Empty means not checked.
   */
  String md5() default "";

  /**
   * A DVC {@code .dvc} file (as {@code dvc add} writes it), relative to the working directory, whose
   * first out pins this dataset: its {@code md5}, in the mode its {@code hash} field names ({@code
   * hash: md5} is DVC 3.x plain md5; no {@code hash} key is DVC 2.x md5-dos2unix). Read at run time,
   * so {@code dvc add} updates the pin without recompiling. Not with {@link #md5()} or {@link
   * #dvcLock()}.
   */
  String dvc() default "";

  /**
   * A DVC {@code dvc.lock} file, relative to the working directory, whose entry for this dataset in
   * stage {@link #stage()} pins it. The entry is the dep or out whose {@code path} is {@link
   * #path()} taken relative to the lock file's folder; its {@code hash} field chooses the mode as
   * for {@link #dvc()}. Not with {@link #md5()} or {@link #dvc()}.
   */
  String dvcLock() default "";

  /** The stage of {@link #dvcLock()} that names this dataset, e.g. {@code prepare} or {@code train@0}. */
  String stage() default "";

  /** The config key and the name the dataset is recorded under. Empty means the field's name. */
  String name() default "";
}
