package dev.herald.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point of the {@code herald} command: one sub-command per operator task. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Herald: a Kafka-compatible event streaming platform in one process.")
public final class Main implements Runnable {
    /**
     * The sub-commands, in the order help lists them. Added to the command line programmatically: picocli inspects
     * every added command by reflection, which cost ~150 ms of start-up when all of them were added for every run.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand::new);
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
        CommandLine commandLine = new CommandLine(new Main());
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

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"herald " + (version == null ? "development build" : version)};
        }
    }
}
