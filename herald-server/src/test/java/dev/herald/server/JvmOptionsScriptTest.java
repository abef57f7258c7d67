package dev.herald.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/jvm-options.sh, which ./herald and the benchmark harness take their JVM flags from: which class-data archive a
 * start uses or writes, by JDK and sub-command, and that archives of other builds of the jar go away.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JvmOptionsScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "jvm-options.sh").toAbsolutePath().normalize();

    @TempDir Path folder;

    /** The flags for {@code args} (jar, sub-command, archive name) with the given JDK feature version. */
    private List<String> options(int javaVersion, String... args) throws IOException, InterruptedException {
        return optionsWith("", javaVersion, args);
    }

    /** The same with {@code HERALD_JAVA_OPTS} set to {@code javaOpts}. */
    private List<String> optionsWith(String javaOpts, int javaVersion, String... args) throws IOException, InterruptedException {
        String call = "source '" + SCRIPT + "' && herald_jvm_options " + String.join(" ", args)
                + " && printf '%s\\n' \"${HERALD_JVM_OPTIONS[@]}\"";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", call).redirectErrorStream(true);
        builder.environment().put("HERALD_JAVA_VERSION", Integer.toString(javaVersion));
        builder.environment().keySet().removeAll(List.of("HERALD_JAVA_OPTS", "HERALD_HEAP_OPTS", "HERALD_JIT_OPTS"));
        if (!javaOpts.isEmpty()) builder.environment().put("HERALD_JAVA_OPTS", javaOpts);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    private Path jar() throws IOException {
        Path jar = folder.resolve("herald.jar");
        if (!Files.exists(jar)) Files.write(jar, new byte[] {1, 2, 3});
        return jar;
    }

    private String build(Path jar) throws IOException {
        return Files.getLastModifiedTime(jar).toMillis() / 1000 + "-" + Files.size(jar);
    }

    @Test
    void serveOnJdk25WritesAnAotCacheOnItsFirstRunAndUsesItOnceWritten() throws Exception {
        Path jar = jar();
        Path cache = folder.resolve("herald-serve-" + build(jar) + ".aot");

        assertThat(options(25, jar.toString(), "serve")).contains("-XX:AOTCacheOutput=" + cache)
                .noneMatch(option -> option.startsWith("-XX:AOTCache=") || option.contains("SharedArchive"));
        Files.createFile(cache); // a training run that died while writing
        assertThat(options(25, jar.toString(), "serve")).contains("-XX:AOTCacheOutput=" + cache);
        Files.write(cache, new byte[] {1});
        assertThat(options(25, jar.toString(), "serve")).contains("-XX:AOTCache=" + cache)
                .noneMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void otherCommandsAndOlderJdksUseADynamicArchivePerCommand() throws Exception {
        Path jar = jar();
        String build = build(jar);

        assertThat(options(25, jar.toString(), "topics"))
                .contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + folder.resolve("herald-topics-" + build + ".jsa"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
        assertThat(options(21, jar.toString(), "serve"))
                .contains("-XX:SharedArchiveFile=" + folder.resolve("herald-serve-" + build + ".jsa"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
        assertThat(options(25, jar.toString(), "serve", "bench-serve"))
                .contains("-XX:AOTCacheOutput=" + folder.resolve("herald-bench-serve-" + build + ".aot"));
    }

    @Test
    void addsNoArchiveWhenTheCallerChoseClassSharingItself() throws Exception {
        Path jar = jar();

        // The JVM refuses to start with -XX:AOTCache or -XX:AOTCacheOutput beside any -Xshare option.
        for (String chosen : List.of("-Xshare:off", "-Xlog:gc -Xshare:auto", "-XX:SharedArchiveFile=/tmp/mine.jsa",
                "-XX:AOTCache=/tmp/mine.aot", "-XX:AOTMode=off")) {
            assertThat(optionsWith(chosen, 25, jar.toString(), "serve")).as(chosen)
                    .noneMatch(option -> option.contains(folder.toString()))
                    .contains(chosen.split(" "));
        }
        assertThat(optionsWith("-Xlog:gc", 25, jar.toString(), "serve")).contains("-Xlog:gc")
                .anyMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void dropsTheArchivesOfOtherBuildsOfTheJar() throws Exception {
        Path jar = jar();
        Path oldCache = Files.write(folder.resolve("herald-serve-1-2.aot"), new byte[] {1});
        Path oldArchive = Files.write(folder.resolve("herald-serve-1-2.jsa"), new byte[] {1});
        Path otherCommand = Files.write(folder.resolve("herald-topics-1-2.jsa"), new byte[] {1});

        options(25, jar.toString(), "serve");

        assertThat(oldCache).doesNotExist();
        assertThat(oldArchive).doesNotExist();
        assertThat(otherCommand).exists();
    }
}
