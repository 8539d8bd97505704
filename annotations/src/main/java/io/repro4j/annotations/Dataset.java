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
 * with {@link #md5()} when one is given; the hash is recorded either way.
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

  /** The config key and the name the dataset is recorded under. Empty means the field's name. */
  String name() default "";
}
