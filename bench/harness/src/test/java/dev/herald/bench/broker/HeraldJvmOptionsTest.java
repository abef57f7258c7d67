package dev.herald.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness asks the repository's real bin/jvm-options.sh, as ./herald does, before each start. */
@Timeout(30)
class HeraldJvmOptionsTest {
    private static final Path SCRIPT = Path.of("../../bin/jvm-options.sh").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private Path jar() throws IOException {
        return Files.write(folder.resolve("herald.jar"), new byte[] {1, 2, 3});
    }

    @Test
    void writesTheArchiveUntilAStartThatGotToBeReadyLeftOneAndThenUsesIt() throws IOException {
        HeraldJvmOptions options = new HeraldJvmOptions(SCRIPT, jar(), "");

        List<String> first = options.now();
        assertThat(options.archiveStillToBeWritten()).isTrue();
        String archive = first.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-XX:AOTCacheOutput="))
                .findFirst().orElseThrow().replaceFirst("^-XX:[A-Za-z]+=", "");
        String ready = first.stream().filter(o -> o.startsWith("-Dherald.archive-ready=")).findFirst().orElseThrow()
                .substring("-Dherald.archive-ready=".length());
        assertThat(Path.of(archive).getFileName().toString()).startsWith("herald-" + HeraldJvmOptions.ARCHIVE_NAME + "-")
                .contains("-jdk" + System.getProperty("java.runtime.version"));

        Files.write(Path.of(archive), new byte[] {1}); // what the JVM writes when the warm-up start exits
        assertThat(options.archiveStillToBeWritten()).as("written, but by a start that was never ready").isTrue();
        Files.write(Path.of(archive), new byte[] {1}); // the call above deleted it: the next start writes it again
        Files.writeString(Path.of(ready), flags(first) + "\n"); // what ServeCommand writes once ready
        assertThat(options.archiveStillToBeWritten()).isFalse();
        if (Runtime.version().feature() >= 25) {
            assertThat(options.now()).contains("-XX:AOTCache=" + archive);
            assertThatThrownBy(options::checkAotCacheUsable).as("one byte is no AOT cache")
                    .hasMessageContaining("cannot be used").hasMessageContaining("-XX:AOTMode=on");
        }
    }

    @Test
    void anArchiveOlderThanTheOtherJarOnHeraldsClassPathIsWrittenAgain() throws IOException {
        HeraldJvmOptions options = new HeraldJvmOptions(SCRIPT, jar(), "");
        List<String> first = options.now();
        String archive = first.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-XX:AOTCacheOutput="))
                .findFirst().orElseThrow().replaceFirst("^-XX:[A-Za-z]+=", "");
        Files.write(Path.of(archive), new byte[] {1});
        Files.writeString(Path.of(archive + ".ready"), flags(first) + "\n");
        assertThat(options.archiveStillToBeWritten()).isFalse();

        Path guard = Path.of(JavaCommand.harnessClasses());
        assertThat(guard.getFileName().toString()).endsWith(".jar"); // archives take only jars on the class path
        Files.setLastModifiedTime(Path.of(archive), FileTime.fromMillis(Files.getLastModifiedTime(guard).toMillis() - 60_000));

        assertThat(options.archiveStillToBeWritten()).isTrue();
        assertThat(Path.of(archive)).doesNotExist();
    }

    private static String flags(List<String> options) {
        return options.stream().filter(o -> o.startsWith("-Dherald.archive-flags=")).findFirst().orElseThrow()
                .substring("-Dherald.archive-flags=".length());
    }

    @Test
    void extraOptionsComeLastAndGoThroughTheScriptsRules() throws IOException {
        Path jar = jar();

        assertThat(new HeraldJvmOptions(SCRIPT, jar, "-Xlog:gc  -XX:+UseSerialGC").now())
                .endsWith("-Xlog:gc", "-XX:+UseSerialGC").contains("-XX:TieredStopAtLevel=1");
        HeraldJvmOptions noSharing = new HeraldJvmOptions(SCRIPT, jar, "-Xshare:off");
        assertThat(noSharing.now()).contains("-Xshare:off").noneMatch(option -> option.contains(folder.toString()));
        assertThat(noSharing.archiveStillToBeWritten()).as("nothing to write").isFalse();
    }
}
