package dev.herald.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * Main class of the child JVM that {@link ApacheKafkaBroker} starts: formats the storage folders named in
 * {@code server.properties} with the given cluster id, then runs {@code kafka.Kafka} in this JVM. Not for tests.
 *
 * <p>The parent keeps this process's stdin open; when the parent dies for whatever reason (even {@code kill -9}),
 * stdin reaches end-of-file and this JVM deletes the broker's folder (the one holding {@code server.properties})
 * and halts, so no broker or data outlives its test run. Kafka classes are reached by
 * reflection because they are only on the child's classpath, never on the testkit's.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}.
 */
public final class ApacheKafkaLauncher {

    private ApacheKafkaLauncher() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length != 2) {
            System.err.println("usage: ApacheKafkaLauncher <server.properties> <cluster id>");
            System.exit(2);
        }
        String properties = args[0];
        haltWhenParentGoesAway(Path.of(properties).toAbsolutePath().getParent());
        String clusterId = args[1];
        int formatted = (int) invokeStatic("kafka.tools.StorageTool", "execute",
                new Class<?>[] {String[].class, PrintStream.class},
                new String[] {"format", "--cluster-id", clusterId, "--config", properties, "--ignore-formatted"},
                System.out);
        if (formatted != 0) {
            System.err.println("kafka-storage format failed with exit code " + formatted);
            System.exit(formatted);
        }
        invokeStatic("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {properties});
    }

    private static Object invokeStatic(String className, String method, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        try {
            return Class.forName(className).getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
            return null;
        }
    }

    private static void haltWhenParentGoesAway(Path brokerDirectory) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; any bytes are ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            try {
                ApacheKafkaBroker.deleteRecursively(brokerDirectory);
            } catch (RuntimeException e) {
                // Kafka may be writing while we delete: halt anyway, the parent's temp folder is all that is left
                System.err.println("could not delete " + brokerDirectory + ": " + e);
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
