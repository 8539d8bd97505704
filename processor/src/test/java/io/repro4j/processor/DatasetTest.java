package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The rules for {@code @Dataset} fields. */
class DatasetTest {

  @Test
  void fieldTypeMustBePathFileOrString() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\") java.net.URI uri;",
            "  @Dataset(path = \"b.csv\") int number;",
            "  @Dataset(path = \"c.csv\") Path path;",
            "  @Dataset(path = \"d.csv\") File file;",
            "  @Dataset(path = \"e.csv\") String string;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetType] @Dataset field 'uri' has type URI: a dataset location is a"
                + " java.nio.file.Path, java.io.File or String, so declare it as one of those")
        .inFile(source)
        .onLineContaining("URI uri");
    assertThat(compilation)
        .hadErrorContaining("@Dataset field 'number' has type int")
        .inFile(source)
        .onLineContaining("int number");
  }

  @Test
  void md5MustBe32LowercaseHexDigits() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\",",
            "      md5 = \"D69A16EA6136CCB02A7C37C66375EBBA\") Path upper;",
            "  @Dataset(path = \"b.csv\", md5 = \"d69a16ea\") Path tooShort;",
            "  @Dataset(path = \"c.csv\", md5 = \"sha256:d69a16ea6136ccb02a7c37c66375ebba\") Path prefixed;",
            "  @Dataset(path = \"d.csv\", md5 = \"g69a16ea6136ccb02a7c37c66375ebba\") Path notHex;",
            "  @Dataset(path = \"e.csv\", md5 = \"d69a16ea6136ccb02a7c37c66375ebba\") Path fine;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMd5] @Dataset md5 \"D69A16EA6136CCB02A7C37C66375EBBA\" of field 'upper' has"
                + " uppercase hex digits: md5 values are compared as DVC writes them, in lowercase, so"
                + " write md5 = \"d69a16ea6136ccb02a7c37c66375ebba\"")
        .inFile(source)
        .onLineContaining("md5 = \"D69A");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMd5] @Dataset md5 \"d69a16ea\" of field 'tooShort' is not an md5: it must be"
                + " exactly 32 lowercase hex digits, followed by .dir for a directory, as md5sum, DVC"
                + " and repro4j hash print them (or empty to record the hash without checking it)")
        .inFile(source)
        .onLineContaining("tooShort");
    assertThat(compilation)
        .hadErrorContaining("of field 'prefixed' is not an md5")
        .inFile(source)
        .onLineContaining("prefixed");
    assertThat(compilation)
        .hadErrorContaining("of field 'notHex' is not an md5")
        .inFile(source)
        .onLineContaining("notHex");
  }

  @Test
  void directoryMd5EndsInDotDir() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a\", md5 = \"0e31f705f233405ebc848173e903e899.dir\") Path dir;",
            "  @Dataset(path = \"b\", md5 = \"0E31F705F233405EBC848173E903E899.dir\") Path upperDir;",
            "  @Dataset(path = \"c\", md5 = \"0e31f705.dir\") Path shortDir;",
            "  @Dataset(path = \"d\", md5 = \"0e31f705f233405ebc848173e903e899.dir.dir\") Path twice;",
            "  @Dataset(path = \"e\", md5 = \"0e31f705f233405ebc848173e903e899dir\") Path noDot;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMd5] @Dataset md5 \"0E31F705F233405EBC848173E903E899.dir\" of field 'upperDir'"
                + " has uppercase hex digits: md5 values are compared as DVC writes them, in"
                + " lowercase, so write md5 = \"0e31f705f233405ebc848173e903e899.dir\"")
        .inFile(source)
        .onLineContaining("upperDir");
    assertThat(compilation)
        .hadErrorContaining("@Dataset md5 \"0e31f705.dir\" of field 'shortDir' is not an md5")
        .inFile(source)
        .onLineContaining("shortDir");
    assertThat(compilation)
        .hadErrorContaining("of field 'twice' is not an md5")
        .inFile(source)
        .onLineContaining("twice");
    assertThat(compilation)
        .hadErrorContaining("of field 'noDot' is not an md5")
        .inFile(source)
        .onLineContaining("noDot");
  }

  @Test
  void pathMustNotBeEmpty() {
    JavaFileObject source = trainer("  @Dataset(path = \"\") Path data;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPath] @Dataset field 'data' has an empty path: give the file's location"
                + " relative to the working directory, e.g. path = \"data/train.csv\"")
        .inFile(source)
        .onLineContaining("Path data");
  }

  @Test
  void privateFinalAndStaticFields() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\") private Path hidden;",
            "  @Dataset(path = \"b.csv\") final Path fixed = null;",
            "  @Dataset(path = \"c.csv\") static Path shared;",
            "  @Dataset(path = \"d.csv\") private File withSetter;",
            "  void setWithSetter(File file) { withSetter = file; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateField] @Dataset field 'hidden' is private: generated code sets it without"
                + " reflection, so make it package-private (or add a non-private setter"
                + " setHidden(Path))")
        .inFile(source)
        .onLineContaining("Path hidden");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jFinalField] @Dataset field 'fixed' is final")
        .inFile(source)
        .onLineContaining("Path fixed");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jStaticField] @Dataset field 'shared' is static")
        .inFile(source)
        .onLineContaining("Path shared");
  }

  @Test
  void privateFieldWithSetterIsBoundThroughIt() {
    Compilation compilation =
        compile(
            trainer(
                "  @Dataset(path = \"d.csv\") private File data;",
                "  void setData(File file) { data = file; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("trainer.setData(toFile(config.data()));");
  }

  @Test
  void onePinOnly() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\", md5 = \"d69a16ea6136ccb02a7c37c66375ebba\",",
            "      dvc = \"a.csv.dvc\") Path both;",
            "  @Dataset(path = \"b.csv\", dvc = \"b.csv.dvc\",",
            "      dvcLock = \"dvc.lock\", stage = \"prepare\") Path fileAndLock;",
            "  @Dataset(path = \"c.csv\", dvc = \"c.csv.dvc\") Path fine;",
            "  @Dataset(path = \"d.csv\", dvcLock = \"dvc.lock\", stage = \"prepare\") Path alsoFine;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPin] @Dataset field 'both' has both md5 and dvc: a dataset has one pin,"
                + " so keep one (md5 inline, dvc for a .dvc file, or dvcLock with stage for a dvc.lock"
                + " entry)")
        .inFile(source)
        .onLineContaining("dvc = \"a.csv.dvc\"");
    assertThat(compilation)
        .hadErrorContaining("@Dataset field 'fileAndLock' has both dvc and dvcLock")
        .inFile(source)
        .onLineContaining("dvcLock = \"dvc.lock\", stage = \"prepare\") Path fileAndLock");
  }

  @Test
  void dvcNamesADotDvcFile() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\", dvc = \"\") Path empty;",
            "  @Dataset(path = \"b.csv\", dvc = \"b.csv\") Path data;",
            "  @Dataset(path = \"c.csv\", dvc = \"data/.dvc\") Path repoDir;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPin] @Dataset dvc \"\" of field 'empty' is not a .dvc file: name the file"
                + " 'dvc add' wrote, e.g. dvc = \"a.csv.dvc\"")
        .inFile(source)
        .onLineContaining("Path empty");
    assertThat(compilation)
        .hadErrorContaining("@Dataset dvc \"b.csv\" of field 'data' is not a .dvc file")
        .inFile(source)
        .onLineContaining("Path data");
    assertThat(compilation)
        .hadErrorContaining("@Dataset dvc \"data/.dvc\" of field 'repoDir' is not a .dvc file")
        .inFile(source)
        .onLineContaining("Path repoDir");
  }

  @Test
  void dvcLockNeedsAStageAndAStageNeedsADvcLock() {
    JavaFileObject source =
        trainer(
            "  @Dataset(path = \"a.csv\", dvcLock = \"dvc.lock\") Path noStage;",
            "  @Dataset(path = \"b.csv\", stage = \"prepare\") Path noLock;",
            "  @Dataset(path = \"c.csv\", dvcLock = \"dvc.yaml\", stage = \"prepare\") Path yaml;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPin] @Dataset field 'noStage' has dvcLock but no stage: a dvc.lock pins a"
                + " path per stage, so add stage = \"...\" (as in dvc.yaml, e.g. stage = \"prepare\")")
        .inFile(source)
        .onLineContaining("Path noStage");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPin] @Dataset field 'noLock' has a stage but no dvcLock: stage names an"
                + " entry of a dvc.lock, so add dvcLock = \"dvc.lock\" (or remove stage)")
        .inFile(source)
        .onLineContaining("Path noLock");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDatasetPin] @Dataset dvcLock \"dvc.yaml\" of field 'yaml' is not a dvc.lock"
                + " file: name the lock file next to your dvc.yaml, e.g. dvcLock = \"dvc.lock\"")
        .inFile(source)
        .onLineContaining("Path yaml");
  }
}
