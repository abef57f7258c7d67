package dev.herald.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/jvm-options.sh, which ./herald and the benchmark harness take their JVM flags from: which class-data archive a
 * start uses or writes, by JDK, JDK build and sub-command; that an archive is kept only from a run that got to be
 * ready; and that archives of other builds go away. The script runs as ./herald runs it, under
 * {@code set -euo pipefail}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JvmOptionsScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "jvm-options.sh").toAbsolutePath().normalize();
    private static final String RUNTIME = "25.0.3+9-LTS";

    @TempDir Path folder;

    /** The flags for {@code herald_jvm_options JAR NAME ARGS...} with the given JDK feature version. */
    private List<String> options(int javaVersion, Path jar, String name, String... args) throws IOException, InterruptedException {
        return optionsWith(Map.of(), javaVersion, jar, name, args);
    }

    /** The same with more environment variables (HERALD_JAVA_OPTS, JAVA_TOOL_OPTIONS, HERALD_JAVA_RUNTIME, ...). */
    private List<String> optionsWith(Map<String, String> environment, int javaVersion, Path jar, String name, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source \"$0\"; herald_jvm_options \"$@\"; printf '%s\\n' \"${HERALD_JVM_OPTIONS[@]}\"",
                SCRIPT.toString(), jar.toString(), name));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("HERALD_JAVA_OPTS", "HERALD_HEAP_OPTS", "HERALD_JIT_OPTS",
                "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
        builder.environment().put("HERALD_JAVA_VERSION", Integer.toString(javaVersion));
        builder.environment().put("HERALD_JAVA_RUNTIME", javaVersion + RUNTIME.substring(2));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    private Path jar() throws IOException {
        return jarIn(folder);
    }

    private static Path jarIn(Path folder) throws IOException {
        Path jar = folder.resolve("herald.jar");
        if (!Files.exists(jar)) Files.write(jar, new byte[] {1, 2, 3});
        return jar;
    }

    /** The archive file name the script gives {@code name} for this build of the jar and JDK 25's build. */
    private static Path archive(Path jar, String name, String kind) throws IOException {
        String build = Files.getLastModifiedTime(jar).toMillis() / 1000 + "-" + Files.size(jar);
        return jar.resolveSibling("herald-" + name + "-" + build + "-jdk" + RUNTIME + "." + kind);
    }

    private static Path ready(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".ready");
    }

    /** The JVM flags of a run with no HERALD_*_OPTS set, as the script passes them in -Dherald.archive-flags. */
    private static final String DEFAULT_FLAGS = "-XX:TieredStopAtLevel=1 -Xms64m -Xmx256m ";

    /** What ServeCommand writes once ready: the flags the training run was given. */
    private static void markReady(Path archive, String flags) throws IOException {
        Files.writeString(ready(archive), flags + "\n");
    }

    /** A serve AOT cache for {@code jar} as a run with the default flags leaves it: written, and ready. */
    private static Path writtenCache(Path jar) throws IOException {
        Path cache = Files.write(archive(jar, "serve", "aot"), new byte[] {1});
        markReady(cache, DEFAULT_FLAGS);
        return cache;
    }

    @Test
    void serveOnJdk25WritesAnAotCacheAndUsesItOnceItsRunWasReady() throws Exception {
        Path jar = jar();
        Path cache = archive(jar, "serve", "aot");
        String training = "-Dherald.archive-ready=" + ready(cache);

        assertThat(options(25, jar, "", "serve")).contains("-XX:AOTCacheOutput=" + cache, training,
                        "-Dherald.archive-flags=" + DEFAULT_FLAGS)
                .noneMatch(option -> option.startsWith("-XX:AOTCache=") || option.contains("SharedArchive"));
        markReady(cache, DEFAULT_FLAGS);
        Files.createFile(cache); // a training run that died while writing
        assertThat(options(25, jar, "", "serve", "--kafka-port", "9093")).contains("-XX:AOTCacheOutput=" + cache, training);
        Files.write(cache, new byte[] {1});
        markReady(cache, DEFAULT_FLAGS);
        assertThat(options(25, jar, "", "serve")).contains("-XX:AOTCache=" + cache)
                .noneMatch(option -> option.startsWith("-XX:AOTCacheOutput=") || option.startsWith("-Dherald.archive-"));
    }

    @Test
    void aCacheMadeWithOtherJvmFlagsIsWrittenAgain() throws Exception {
        Path jar = jar();
        Path cache = writtenCache(jar);

        // The JVM does not use an AOT cache made with another heap size or collector, and says so only in its log.
        List<String> bigger = optionsWith(Map.of("HERALD_HEAP_OPTS", "-Xmx4g"), 25, jar, "", "serve");
        assertThat(bigger).contains("-Xmx4g", "-XX:AOTCacheOutput=" + cache, "-Dherald.archive-flags=-XX:TieredStopAtLevel=1 -Xmx4g ");
        assertThat(cache).doesNotExist();

        Files.write(cache, new byte[] {1});
        markReady(cache, "-XX:TieredStopAtLevel=1 -Xmx4g ");
        assertThat(optionsWith(Map.of("HERALD_HEAP_OPTS", "-Xmx4g"), 25, jar, "", "serve")).contains("-XX:AOTCache=" + cache);
        assertThat(optionsWith(Map.of("HERALD_JAVA_OPTS", "-XX:+UseZGC", "HERALD_HEAP_OPTS", "-Xmx4g"), 25, jar, "", "serve"))
                .contains("-XX:AOTCacheOutput=" + cache);
    }

    @Test
    void anArchiveWhoseRunNeverGotToBeReadyIsWrittenAgain() throws Exception {
        Path jar = jar();
        Path cache = Files.write(archive(jar, "serve", "aot"), new byte[] {1}); // e.g. `serve --kafka-port 1` (refused)
        Path archive = Files.write(archive(jar, "serve", "jsa"), new byte[] {1});

        assertThat(options(25, jar, "", "serve")).contains("-XX:AOTCacheOutput=" + cache, "-Dherald.archive-ready=" + ready(cache));
        assertThat(cache).doesNotExist();
        assertThat(options(21, jar, "", "serve")).contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile="
                + archive.toString().replace("jdk25", "jdk21"), "-Dherald.archive-ready=" + ready(archive).toString().replace("jdk25", "jdk21"));
    }

    @Test
    void otherCommandsAndOlderJdksUseADynamicArchivePerCommand() throws Exception {
        Path jar = jar();

        assertThat(options(25, jar, "", "topics", "list"))
                .contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive(jar, "topics", "jsa"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache") || option.startsWith("-Dherald.archive-ready"));
        assertThat(options(21, jar, "", "serve"))
                .anyMatch(option -> option.startsWith("-XX:SharedArchiveFile=") && option.endsWith("-jdk21.0.3+9-LTS.jsa"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
        assertThat(options(25, jar, "bench-serve", "serve"))
                .contains("-XX:AOTCacheOutput=" + archive(jar, "bench-serve", "aot"));
        assertThat(options(25, jar, "")).contains("-XX:SharedArchiveFile=" + archive(jar, "main", "jsa"));
    }

    @Test
    void helpAndVersionRunsGetNoArchive() throws Exception {
        Path jar = jar();

        for (List<String> args : List.of(List.of("serve", "--help"), List.of("serve", "-h"), List.of("--version"),
                List.of("topics", "create", "-h"), List.of("help", "serve"))) {
            assertThat(options(25, jar, "", args.toArray(String[]::new))).as(args.toString())
                    .contains("-XX:TieredStopAtLevel=1")
                    .noneMatch(option -> option.contains(folder.toString()));
        }
    }

    @Test
    void anotherJdkBuildGetsAnArchiveOfItsOwnAndTheOldOneGoes() throws Exception {
        Path jar = jar();
        Path cache = writtenCache(jar);

        List<String> updated = optionsWith(Map.of("HERALD_JAVA_RUNTIME", "25.0.4+7-LTS"), 25, jar, "", "serve");

        assertThat(updated).contains("-XX:AOTCacheOutput=" + cache.toString().replace(RUNTIME, "25.0.4+7-LTS"));
        assertThat(cache).doesNotExist();
        assertThat(ready(cache)).doesNotExist();
    }

    @Test
    void addsNoArchiveWhenTheCallerChoseClassSharingItself() throws Exception {
        Path jar = jar();

        // The JVM refuses to start with -XX:AOTCache or -XX:AOTCacheOutput beside any -Xshare option.
        for (String chosen : List.of("-Xshare:off", "-Xlog:gc -Xshare:auto", "-XX:SharedArchiveFile=/tmp/mine.jsa",
                "-XX:AOTCache=/tmp/mine.aot", "-XX:AOTMode=off")) {
            assertThat(optionsWith(Map.of("HERALD_JAVA_OPTS", chosen), 25, jar, "", "serve")).as(chosen)
                    .noneMatch(option -> option.contains(folder.toString()))
                    .contains(chosen.split(" "));
        }
        // Also when it comes through the variables the JVM itself reads.
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            assertThat(optionsWith(Map.of(variable, "-Xshare:off"), 25, jar, "", "serve")).as(variable)
                    .noneMatch(option -> option.contains(folder.toString()));
        }
        assertThat(optionsWith(Map.of("HERALD_JAVA_OPTS", "-Xlog:gc"), 25, jar, "", "serve")).contains("-Xlog:gc")
                .anyMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void dropsTheArchivesOfOtherBuildsOfTheJar() throws Exception {
        Path jar = jar();
        List<Path> stale = new ArrayList<>();
        for (String name : List.of("herald-serve-1-2.aot", "herald-serve-1-2.jsa", "herald-serve.jsa",
                "herald-serve-1-2-jdk25.0.3+9-LTS.aot", "herald-serve-1-2-jdk25.0.3+9-LTS.aot.ready",
                "herald-serve-1-2-jdk25.0.3+9-LTS.aot.config")) {
            stale.add(Files.write(folder.resolve(name), new byte[] {1}));
        }
        Path otherCommand = Files.write(folder.resolve("herald-topics-1-2.jsa"), new byte[] {1});
        Path benchServe = Files.write(folder.resolve("herald-bench-serve-1-2.aot"), new byte[] {1});

        options(25, jar, "", "serve");

        assertThat(stale).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(otherCommand).exists();
        assertThat(benchServe).exists();
    }

    @Test
    void aCheckoutPathWithASpaceStaysOneArgument() throws Exception {
        Path jar = jarIn(Files.createDirectories(folder.resolve("with space")));

        assertThat(options(25, jar, "", "serve")).contains("-XX:AOTCacheOutput=" + archive(jar, "serve", "aot"));
        assertThat(options(25, jar, "", "topics")).contains("-XX:SharedArchiveFile=" + archive(jar, "topics", "jsa"));
    }

    @Test
    void serveCreatesTheReadyFileOnlyOnceItIsReady() throws Exception {
        Path ready = folder.resolve("serve.aot.ready");
        List<String> training = List.of("-Dherald.archive-ready=" + ready, "-Dherald.archive-flags=-Xmx256m -Xlog:gc ");

        Process refused = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), training.get(0),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--kafka-port", "not-a-port",
                "--data-dir", folder.resolve("data").toString()).redirectErrorStream(true).start();
        String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).as(out).isNotZero();
        assertThat(ready).doesNotExist();

        try (ServeProcess server = ServeProcess.start(training, folder.resolve("data"))) {
            assertThat(ready).as("written before the ready line on " + server.bootstrap()).hasContent("-Xmx256m -Xlog:gc ");
        }
    }
}
