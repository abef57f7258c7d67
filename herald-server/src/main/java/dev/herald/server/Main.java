package dev.herald.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code herald} command: one sub-command per operator task. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Herald: a Kafka-compatible event streaming platform in one process.",
        subcommands = {ServeCommand.class, TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
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
