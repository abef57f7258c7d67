package dev.herald.bench.broker;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags that {@code ./herald serve} would run Herald's jar with, from {@code bin/jvm-options.sh}, asked
 * afresh before every start: the script decides per start whether the class-data archive is written (a build's
 * first start, or one after a start that never got to be ready) or used, so the harness cannot decide once for the
 * whole run. {@code extra} goes into the script's {@code HERALD_JAVA_OPTS}, after any the environment sets, where
 * its rules about options that choose class sharing themselves apply as they do for {@code ./herald}. The archive
 * has a name of its own ({@value #ARCHIVE_NAME}): the harness starts Herald with another class path (the jar plus
 * its OrphanGuard), and an archive made for one class path is not used with another. The script knows only the
 * Herald jar's build, so an archive older than the other jar on that class path is deleted here, to be written
 * again. Immutable.
 */
public record HeraldJvmOptions(Path script, Path heraldJar, String extra) {

    public static final String ARCHIVE_NAME = "bench-serve";

    private static final Pattern ARCHIVE = Pattern.compile("-XX:(?:AOTCache|AOTCacheOutput|SharedArchiveFile)=(.+)");

    /** The options for the next start of Herald, as the script gives them now. */
    public List<String> now() {
        List<String> options = ask();
        Path guard = Path.of(JavaCommand.harnessClasses());
        for (String option : options) {
            Matcher archive = ARCHIVE.matcher(option);
            if (archive.matches() && olderThan(Path.of(archive.group(1)), guard)) {
                try {
                    Files.deleteIfExists(Path.of(archive.group(1)));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot delete the stale class-data archive " + archive.group(1), e);
                }
                return ask();
            }
        }
        return options;
    }

    private static boolean olderThan(Path file, Path other) {
        try {
            return Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(other)) < 0;
        } catch (IOException e) {
            return false; // no archive yet
        }
    }

    private List<String> ask() {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$0\"; herald_jvm_options \"$1\" \"$2\" serve; printf '%s\\0' \"${HERALD_JVM_OPTIONS[@]}\"",
                script.toString(), heraldJar.toString(), ARCHIVE_NAME)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> environment = builder.environment();
        // The JDK Herald runs on is the harness's (JavaCommand): the script names archives by its build.
        environment.put("HERALD_JAVA_VERSION", Integer.toString(Runtime.version().feature()));
        environment.put("HERALD_JAVA_RUNTIME", System.getProperty("java.runtime.version"));
        environment.put("HERALD_JAVA_OPTS", (environment.getOrDefault("HERALD_JAVA_OPTS", "") + " " + extra).trim());
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException(script + " failed (exit " + status + ")");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /**
     * Fails unless the JVM can start from the AOT cache that the options name now, if they name one: the JVM runs
     * without a cache it cannot use (made with other flags, or for another class path) and, as Herald runs it with
     * {@code -Xlog:aot=off}, says nothing, so measured starts would silently go without it. Starts
     * {@code java -XX:AOTMode=on ... -version} with Herald's class path, which exits with an error instead.
     */
    public void checkAotCacheUsable() {
        List<String> options = now();
        if (options.stream().noneMatch(option -> option.startsWith("-XX:AOTCache="))) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaBinary()));
        command.addAll(options);
        command.addAll(List.of("-XX:AOTMode=on", "-cp", heraldJar + File.pathSeparator + JavaCommand.harnessClasses(),
                "-version"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("Herald's AOT cache cannot be used with its flags: " + String.join(" ", command)
                        + "\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Herald's AOT cache", e);
        }
    }

    /**
     * Whether the next start would still write the class-data archive rather than start from one: true after the
     * warm-up only if the warm-up's archive was not written (or its start never got to be ready), which would make
     * every measured start a training run.
     */
    public boolean archiveStillToBeWritten() {
        return now().stream().anyMatch(option -> option.startsWith("-Dherald.archive-ready="));
    }
}
