package dev.herald.server;

import dev.herald.server.logging.StderrLoggingProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Entry point of the {@code herald} command: one sub-command per operator task.
 *
 * <p>This command and {@code serve} declare their options through picocli's programmatic API; the other
 * sub-commands use its annotations. Reading annotations (parsing them into proxies, scanning every method for
 * sub-command annotations, inspecting the annotated help mixin) was most of picocli's time on the main thread of a
 * {@code herald serve} start, the critical path of every broker start; without it the start is ~30 ms shorter
 * (docs/benchmarks/history.md, step 12).
 */
public final class Main implements Runnable {
    /**
     * The sub-commands, in the order help lists them. Added to the command line programmatically: picocli inspects
     * every added command by reflection, which cost ~150 ms of start-up when all of them were added for every run.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this, Factory.INSTANCE).name("herald")
            .versionProvider(new Version());

    private Main() {
        spec.usageMessage().description("Herald: a Kafka-compatible event streaming platform in one process.");
        addStandardHelpOptions(spec);
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", () -> new ServeCommand().spec());
        commands.put("topics", TopicsCommand::new);
        commands.put("produce", ProduceCommand::new);
        commands.put("consume", ConsumeCommand::new);
        commands.put("groups", GroupsCommand::new);
        commands.put("schemas", SchemasCommand::new);
        commands.put("registry", RegistryCommand::new);
        commands.put("bench", BenchCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

    public static void main(String[] args) {
        StderrLoggingProvider.install();
        if (args.length > 0 && args[0].equals("serve")) ServeCommand.prepareAhead();
        System.exit(commandLine(args).execute(args));
    }

    /** The full command line, every sub-command included. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: only the named sub-command when the first argument names one (so
     * {@code herald serve} does not pay for inspecting the others), else all of them (help, usage errors). Failed
     * commands print their cause in one line, not a stack trace.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main().spec, Factory.INSTANCE);
        String first = args.length > 0 ? args[0] : "";
        boolean one = SUBCOMMANDS.containsKey(first) && !first.equals("help");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!one || name.equals(first)) commandLine.addSubcommand(name, command.get());
        });
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            Throwable cause = exception;
            while ((cause instanceof java.util.concurrent.ExecutionException || cause.getCause() != null && cause.getMessage() == null)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            command.getErr().println("herald " + command.getCommandName() + ": " + cause.getMessage());
            return 1;
        });
        return commandLine;
    }

    /** What picocli's {@code mixinStandardHelpOptions} adds, without the annotated mixin it reads it from. */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"herald " + (version == null ? "development build" : version)};
        }
    }

    /**
     * Creates what the annotated sub-commands declare (their sub-commands, converters), through picocli's default
     * factory, made only when first needed: setting it up looks for Groovy on the class path, a failed class look-up
     * that {@code herald serve} does not need.
     */
    static final class Factory implements CommandLine.IFactory {
        static final Factory INSTANCE = new Factory();
        private CommandLine.IFactory delegate;

        @Override
        public synchronized <K> K create(Class<K> type) throws Exception {
            if (delegate == null) delegate = CommandLine.defaultFactory();
            return delegate.create(type);
        }
    }
}
