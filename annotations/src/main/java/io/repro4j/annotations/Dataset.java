package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A data file the experiment reads, on a field of type {@code java.nio.file.Path},
 * {@code java.io.File} or {@code String}. Before training starts the file is hashed (md5, as DVC
 * 3.x does) and compared with {@link #md5()} when one is given; the hash is recorded either way.
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

  /** The expected md5 of the file's bytes: 32 lowercase hex digits. Empty means not checked. */
  String md5() default "";

  /** The config key and the name the dataset is recorded under. Empty means the field's name. */
  String name() default "";
}
