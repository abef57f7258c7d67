package dev.herald.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code herald bench [--quick]}: runs the side-by-side benchmark against Apache Kafka 4.4 (issue 6) by starting
 * {@code bench/run-side-by-side.sh} of the source checkout this jar was built in, or of the current folder. The
 * script measures this very jar (it is passed as {@code HERALD_BENCH_JAR}, so the script does not rebuild the jar
 * under the running command) and writes docs/benchmarks/. Needs Maven and network access to Maven Central on the
 * first run (Kafka's jars). Runs on the calling thread until the script ends; Ctrl-C stops the script too.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark this Herald against Apache Kafka 4.4 on this machine (writes docs/benchmarks/).")
final class BenchCommand implements Callable<Integer> {
    static final String SCRIPT = "bench/run-side-by-side.sh";

    @Option(names = "--quick", description = "One round with short loads: a smoke check of a few minutes.")
    boolean quick;
    @Option(names = "--rounds", description = "Rounds to run (default: 3, or 1 with --quick).")
    Integer rounds;
    @Option(names = "--out", description = "Folder for results.json, README.md and charts (default: docs/benchmarks).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Optional<Path> script = findScript();
        if (script.isEmpty()) {
            System.err.println("herald bench: " + SCRIPT + " not found next to this jar or in the current folder;"
                    + " run it from a Herald source checkout.");
            return 2;
        }
        ProcessBuilder builder = new ProcessBuilder(command(script.get())).inheritIO();
        runningJar().ifPresent(jar -> builder.environment().put("HERALD_BENCH_JAR", jar.toString()));
        Process process = builder.start();
        Thread stopScript = new Thread(process::destroy, "herald-bench-stop");
        Runtime.getRuntime().addShutdownHook(stopScript);
        int exit = process.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopScript);
        return exit;
    }

    private List<String> command(Path script) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        if (quick) {
            command.add("--quick");
        }
        if (rounds != null) {
            command.addAll(List.of("--rounds", rounds.toString()));
        }
        if (out != null) {
            command.addAll(List.of("--out", out.toAbsolutePath().toString()));
        }
        return command;
    }

    /** The checkout holding this jar (herald-server/target/herald.jar), else the current folder. */
    private static Optional<Path> findScript() {
        List<Path> roots = new ArrayList<>();
        runningJar().map(jar -> jar.getParent().getParent().getParent()).ifPresent(roots::add);
        roots.add(Path.of("").toAbsolutePath());
        return roots.stream().map(root -> root.resolve(SCRIPT)).filter(Files::isRegularFile).findFirst();
    }

    private static Optional<Path> runningJar() {
        try {
            Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            boolean isJar = location.toString().endsWith(".jar") && location.getNameCount() >= 3;
            return isJar ? Optional.of(location.toAbsolutePath()) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
