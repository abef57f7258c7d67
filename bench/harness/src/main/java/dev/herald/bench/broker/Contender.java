package dev.herald.bench.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * One broker set-up the harness measures: Herald with one fsync policy, or Apache Kafka with one durability
 * configuration. Each {@link #start} is a fresh process with an empty data folder; {@link #restart} a fresh process
 * on the data a stopped one left. Immutable.
 */
public sealed interface Contender permits HeraldContender, KafkaContender {

    /** Short stable id, used as a key in results.json: {@code herald-always}, {@code kafka-default}, ... */
    String id();

    /** What a reader of the table sees, durability included. */
    String label();

    /** {@code true} for Herald, {@code false} for Apache Kafka. */
    boolean isHerald();

    /** Configuration given to every topic the harness creates on this contender. */
    Map<String, String> topicConfigs();

    /** Starts the broker with its data under {@code directory} (empty) and returns once it is ready. */
    RunningBroker start(Path directory);

    /** Starts the broker again on the data an earlier {@link #start} in {@code directory} left after a clean stop. */
    RunningBroker restart(Path directory);
}
