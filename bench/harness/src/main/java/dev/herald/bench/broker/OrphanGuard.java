package dev.herald.bench.broker;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Main class of every child JVM the harness starts: runs the real main class named by the first argument in this
 * JVM, and halts the JVM when the harness goes away. The harness keeps the child's stdin open and never writes to
 * it, so end-of-file on stdin means the harness died, even by {@code kill -9}, and no broker or client is left
 * behind. SIGTERM still reaches the real main's own shutdown hooks (the shutdown time the harness measures).
 *
 * <p>Arguments: {@code <main class> [its arguments...]}.
 */
public final class OrphanGuard {

    private OrphanGuard() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length == 0) {
            System.err.println("usage: OrphanGuard <main class> [arguments...]");
            System.exit(2);
        }
        haltWhenParentGoesAway();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        }
    }

    private static void haltWhenParentGoesAway() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the harness never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            Runtime.getRuntime().halt(3);
        }, "orphan-guard");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
