package dev.herald.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code herald} command: one sub-command per operator task. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Herald: a Kafka-compatible event streaming platform in one process.",
        subcommands = {ServeCommand.class, TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, GroupsCommand.class, SchemasCommand.class, RegistryCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Herald's error handling: a failed command prints its cause in one line, not a stack trace. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
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
