package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsAndEnvironmentTest {
  @Test
  void secretLookingNamesInAnyCase() {
    for (String name :
        List.of("GITHUB_TOKEN", "aws_secret_access_key", "DB_Password", "PASSWD", "API_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS", "HTTP_AUTHORIZATION", "wandb.apikey")) {
      assertTrue(Secrets.looksSecret(name), name);
    }
    for (String name : List.of("USER", "CUDA_VISIBLE_DEVICES", "SLURM_JOB_ID", "lr")) {
      assertFalse(Secrets.looksSecret(name), name);
    }
  }

  @Test
  void jvmSystemPropertiesWithSecretNamesAreMasked() {
    assertEquals(
        List.of("-Xmx2g", "-Ddb.password=***", "-Dapi.token=***", "-Dseed=7", "-ea", "-Dflag"),
        Secrets.maskedJvmOptions(
            List.of("-Xmx2g", "-Ddb.password=hunter2", "-Dapi.token=a=b", "-Dseed=7", "-ea", "-Dflag")));
  }

  @Test
  void selectedVariablesOnlyAndSecretsMaskedWhateverSelectedThem() {
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("SLURM_JOB_ID", "4242"),
            Map.entry("SLURM_JOB_KEY", "s3cret"),
            Map.entry("CUDA_VISIBLE_DEVICES", "0,1"),
            Map.entry("OMP_NUM_THREADS", "8"),
            Map.entry("JAVA_HOME", "/opt/jdk"),
            Map.entry("HOSTNAME", "node7"),
            Map.entry("USER", "ada"),
            Map.entry("PATH", "/usr/bin"),
            Map.entry("GITHUB_TOKEN", "ghp_abc"),
            Map.entry("MY_SEED", "13"),
            Map.entry("PBS_JOBID", "99"),
            Map.entry("PBS_PASSWORD", "hunter2"),
            Map.entry("UNLISTED", "x"),
            Map.entry("REPRO4J_ENV", "MY_SEED, PBS_*,GITHUB_TOKEN,,"));
    Map<String, String> recorded = EnvironmentVariables.recorded(env);
    assertEquals(
        List.of("CUDA_VISIBLE_DEVICES", "GITHUB_TOKEN", "HOSTNAME", "JAVA_HOME", "MY_SEED",
            "OMP_NUM_THREADS", "PBS_JOBID", "PBS_PASSWORD", "REPRO4J_ENV", "SLURM_JOB_ID",
            "SLURM_JOB_KEY", "USER"),
        List.copyOf(recorded.keySet()));
    assertEquals("4242", recorded.get("SLURM_JOB_ID"));
    assertEquals("***", recorded.get("SLURM_JOB_KEY"));
    assertEquals("***", recorded.get("GITHUB_TOKEN"), "allow-listed, still masked");
    assertEquals("***", recorded.get("PBS_PASSWORD"));
    assertEquals("99", recorded.get("PBS_JOBID"));
    assertEquals("13", recorded.get("MY_SEED"));
    assertFalse(recorded.containsValue("ghp_abc"));
    assertFalse(recorded.containsValue("hunter2"));
    assertFalse(recorded.containsValue("s3cret"));
  }

  @Test
  void noAllowListMeansTheDefaultsOnly() {
    assertEquals(Map.of("USER", "ada"), EnvironmentVariables.recorded(Map.of("USER", "ada", "HOME", "/home/ada")));
  }
}
