package dev.herald.bench.broker;

/**
 * The classpath of Apache Kafka 4.4's broker and tools ({@code kafka_2.13}, {@code kafka-tools} and a log4j
 * binding), resolved by this module's Maven build into the resource {@code kafka.classpath}. Stateless.
 */
public final class KafkaJars {

    private KafkaJars() {
    }

    public static String classpath() {
        String jars = KafkaContender.resource("kafka.classpath").strip();
        if (jars.isEmpty()) {
            throw new IllegalStateException("kafka.classpath is empty: rebuild bench/harness with Maven");
        }
        return jars;
    }

    /** The log4j configuration the broker and the tools share: warnings only (see kafka-log4j2.properties). */
    public static String log4jConfiguration() {
        return KafkaContender.resource("kafka-log4j2.properties");
    }
}
