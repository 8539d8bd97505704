package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathManifestTest {
  @TempDir Path tmp;

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static Path jar(Path file, String classPathAttribute) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPathAttribute != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPathAttribute);
    }
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.putNextEntry(new ZipEntry("a/B.class"));
      jar.write(file.getFileName().toString().getBytes());
      jar.closeEntry();
    }
    return file;
  }

  @Test
  void jarsHashedDirectoriesListedManifestClassPathFollowed() throws Exception {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Path dep = jar(lib.resolve("dep.jar"), null);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    Path booter = jar(tmp.resolve("booter.jar"), "lib/dep.jar classes/ missing.jar");
    String classPath = String.join(File.pathSeparator, "booter.jar", "", classes.toString(), "lib/dep.jar");

    List<ClasspathManifest.Entry> entries = ClasspathManifest.of(classPath, tmp);

    assertEquals(
        List.of(
            new ClasspathManifest.Entry(booter.toString(), "jar", Files.size(booter), sha256(booter)),
            new ClasspathManifest.Entry(dep.toString(), "jar", Files.size(dep), sha256(dep)),
            new ClasspathManifest.Entry(classes.toString(), "directory", null, null),
            new ClasspathManifest.Entry(tmp.resolve("missing.jar").toString(), "missing", null, null)),
        entries,
        "manifest entries follow their jar; each path once");

    JsonNode json = new ObjectMapper().readTree(ClasspathManifest.toJson(entries)).get("classpath");
    assertEquals(sha256(dep), json.get(1).get("sha256").textValue());
    assertEquals(Files.size(dep), json.get(1).get("size").longValue());
    assertEquals("directory", json.get(2).get("kind").textValue());
    assertNull(json.get(2).get("sha256"), "a directory has no hash");
  }

  @Test
  void aChangedJarIsHashedAgain() throws Exception {
    Path file = tmp.resolve("x.jar");
    Files.writeString(file, "one");
    String first = ClasspathManifest.of(file.toString(), tmp).get(0).sha256();
    Files.writeString(file, "two, longer");
    String second = ClasspathManifest.of(file.toString(), tmp).get(0).sha256();
    assertEquals(sha256(file), second);
    assertTrue(!first.equals(second));
  }

  @Test
  void theRealClassPathOfThisJvmHasTheTestDependenciesHashed() throws Exception {
    List<ClasspathManifest.Entry> entries = ClasspathManifest.ofThisJvm();
    ClasspathManifest.Entry jackson =
        entries.stream()
            .filter(e -> e.path().contains("jackson-databind") && e.kind().equals("jar"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("jackson-databind not in " + entries));
    assertEquals(sha256(Path.of(jackson.path())), jackson.sha256());
    assertTrue(entries.stream().anyMatch(e -> e.kind().equals("directory")), "target/classes: " + entries);
  }
}
