package dev.herald.bench.broker;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the harness's own JDK (so Herald, Kafka and the clients all run on the same
 * Java), the given options and classpath, and the main class wrapped in {@link OrphanGuard}. Immutable.
 */
public record JavaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> arguments) {

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        arguments = List.copyOf(arguments);
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The folder or jar holding the harness's classes, which every child needs for {@link OrphanGuard}. */
    public static String harnessClasses() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the harness's classes", e);
        }
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath + File.pathSeparator + harnessClasses());
        command.add(OrphanGuard.class.getName());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
