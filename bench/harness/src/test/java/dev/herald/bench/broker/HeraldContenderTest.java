package dev.herald.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class HeraldContenderTest {

    @TempDir
    Path folder;

    @Test
    void writesTheAotCacheWhileItIsMissingOrEmptyAndUsesItOnceWritten() throws IOException {
        Path cache = folder.resolve("herald-bench-serve.aot");
        String use = "-XX:AOTCache=" + cache;
        String write = "-XX:AOTCacheOutput=" + cache;

        assertThat(HeraldContender.aotCacheAsItIsNow(use)).isEqualTo(write);
        Files.createFile(cache); // what a training run that died while writing leaves
        assertThat(HeraldContender.aotCacheAsItIsNow(use)).isEqualTo(write);
        Files.write(cache, new byte[] {1});
        assertThat(HeraldContender.aotCacheAsItIsNow(write)).isEqualTo(use);
        assertThat(HeraldContender.aotCacheAsItIsNow(use)).isEqualTo(use);
    }

    @Test
    void leavesEveryOtherOptionAlone() {
        assertThat(HeraldContender.aotCacheAsItIsNow("-Xmx256m")).isEqualTo("-Xmx256m");
        assertThat(HeraldContender.aotCacheAsItIsNow("-XX:SharedArchiveFile=/tmp/x.jsa")).isEqualTo("-XX:SharedArchiveFile=/tmp/x.jsa");
    }
}
