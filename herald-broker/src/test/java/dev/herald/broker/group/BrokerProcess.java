package dev.herald.broker.group;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;

import java.nio.file.Path;

/** A broker in its own JVM, for tests that kill it with SIGKILL: {@code BrokerProcess DATA_DIR PORT}. */
public final class BrokerProcess {
    private BrokerProcess() { }

    public static void main(String[] args) throws Exception {
        Broker broker = Broker.start(BrokerConfig.defaults(Path.of(args[0])).withPort(Integer.parseInt(args[1]))
                .withGroupInitialRebalanceDelayMs(0));
        System.out.println("LISTENING " + broker.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
