package dev.herald.bench;

import java.nio.file.Path;

/** The harness's command line. Immutable. */
record Options(boolean quick, int rounds, Path out, Path heraldJar, Path repository, boolean keep,
               String heraldJavaOpts, boolean reportOnly) {

    static final String USAGE = """
            usage: SideBySide --herald-jar PATH --repository DIR [--quick] [--rounds N] [--out DIR] [--keep]
                              [--herald-java-opts "OPTIONS"] [--report-only]
              --quick        one round with short loads (a smoke check of a few minutes)
              --rounds N     rounds to run (default 3; 1 with --quick)
              --out DIR      where results.json, README.md and the charts go (default DIR/docs/benchmarks)
              --keep         keep the run's folder (broker and client logs) under bench/harness/target
              --herald-java-opts  more JVM options for Herald, after those of bin/jvm-options.sh (as HERALD_JAVA_OPTS)
              --report-only  measure nothing: redraw README.md and the charts from DIR/results.json
            """;

    static Options parse(String[] args) {
        boolean quick = false;
        Integer rounds = null;
        Path out = null;
        Path jar = null;
        Path repository = null;
        boolean keep = false;
        boolean reportOnly = false;
        String heraldJavaOpts = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--keep" -> keep = true;
                case "--report-only" -> reportOnly = true;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--herald-jar" -> jar = Path.of(value(args, ++i));
                case "--repository" -> repository = Path.of(value(args, ++i));
                case "--herald-java-opts" -> heraldJavaOpts = (heraldJavaOpts + " " + value(args, ++i)).trim();
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (repository == null || (jar == null && !reportOnly)) {
            fail("--herald-jar and --repository are required");
        }
        int roundCount = rounds != null ? rounds : quick ? 1 : 3;
        if (roundCount < 1) {
            fail("--rounds must be at least 1");
        }
        repository = repository.toAbsolutePath();
        return new Options(quick, roundCount, out != null ? out : repository.resolve("docs/benchmarks"),
                jar == null ? null : jar.toAbsolutePath(), repository, keep, heraldJavaOpts, reportOnly);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("bench: " + message + "\n" + USAGE);
        System.exit(2);
    }
}
