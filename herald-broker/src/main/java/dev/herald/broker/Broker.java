package dev.herald.broker;

import dev.herald.broker.admin.AlterConfigsHandler;
import dev.herald.broker.admin.BrokerSettings;
import dev.herald.broker.admin.CreatePartitionsHandler;
import dev.herald.broker.admin.CreateTopicsHandler;
import dev.herald.broker.admin.DeleteRecordsHandler;
import dev.herald.broker.admin.DeleteTopicsHandler;
import dev.herald.broker.admin.DescribeConfigsHandler;
import dev.herald.broker.admin.IncrementalAlterConfigsHandler;
import dev.herald.broker.fetch.FetchHandler;
import dev.herald.broker.fetch.ListOffsetsHandler;
import dev.herald.broker.group.GroupConfig;
import dev.herald.broker.group.GroupCoordinator;
import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.ApiRegistry;
import dev.herald.broker.handler.ApiVersionsHandler;
import dev.herald.broker.handler.ClusterInfo;
import dev.herald.broker.handler.DescribeClusterHandler;
import dev.herald.broker.handler.MetadataHandler;
import dev.herald.broker.metrics.BrokerMetrics;
import dev.herald.broker.network.KafkaServer;
import dev.herald.broker.produce.InitProducerIdHandler;
import dev.herald.broker.produce.ProduceHandler;
import dev.herald.broker.produce.ProducerIdManager;
import dev.herald.broker.produce.ProducerStates;
import dev.herald.broker.produce.RecordValidator;
import dev.herald.broker.topic.ClusterDefaults;
import dev.herald.broker.topic.MetadataFile;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.LogDirectory;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A single-node Kafka-protocol broker over Herald's log engine. Embeddable: {@code Broker.start(config)} returns a
 * running broker in milliseconds; {@link #close} stops it cleanly (flush, clean-shutdown marker).
 *
 * <pre>
 *   client --TCP--> KafkaServer --virtual thread per connection--> Connection --> ApiHandler (one per API)
 *                                                                                  |
 *                                                     TopicManager / Partition / ProducerStates
 *                                                                                  |
 *                                                                    herald-storage LogDirectory / Log
 * </pre>
 *
 * <p>Threading: start and close from any thread; everything else is driven by connections.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    /** How often idle idempotent producers are looked for; Kafka's {@code producer.id.expiration.check.interval.ms}. */
    private static final long PRODUCER_EXPIRY_CHECK_MS = 10 * 60 * 1000;

    private final BrokerConfig config;
    private final LogDirectory logs;
    private final TopicManager topics;
    private final KafkaServer server;
    private final ClusterInfo cluster;
    private final GroupCoordinator groups;
    private final ProduceHandler produce;

    private Broker(BrokerConfig config, LogDirectory logs, TopicManager topics, KafkaServer server, ClusterInfo cluster,
                   GroupCoordinator groups, ProduceHandler produce) {
        this.groups = groups;
        this.produce = produce;
        this.config = config;
        this.logs = logs;
        this.topics = topics;
        this.server = server;
        this.cluster = cluster;
    }

    /** Opens the data directory, recovers it if needed, and starts listening. Extra handlers (e.g. groups) may be added. */
    public static Broker start(BrokerConfig config, List<ApiHandler<?>> extraHandlers) throws IOException {
        return start(config, BrokerMetrics.discarding(), extraHandlers);
    }

    /** Starts a broker that records operator metrics into {@code metrics}. */
    public static Broker start(BrokerConfig config, BrokerMetrics metrics, List<ApiHandler<?>> extraHandlers) throws IOException {
        return start(config, metrics, RecordValidator.NONE, extraHandlers);
    }

    /** Starts a broker whose topics can ask for schema validation of produced records with {@code validator}. */
    public static Broker start(BrokerConfig config, BrokerMetrics metrics, RecordValidator validator,
                               List<ApiHandler<?>> extraHandlers) throws IOException {
        Clock clock = Clock.systemUTC();
        LogDirectory logs = LogDirectory.open(config.dataDirectory(), config.fsyncPolicy(), clock, config.retentionCheckIntervalMs());
        ProduceHandler produce = null;
        try {
            metrics.fsyncs(logs.groupCommit());
            metrics.intervalFlushes(logs);
            Path meta = config.dataDirectory().resolve("herald-meta");
            String clusterId = clusterId(meta);
            TopicManager topics = new TopicManager(logs, new ClusterDefaults(meta, config.defaultPartitions(), config.autoCreateTopics()));
            ProducerIdManager producerIds = new ProducerIdManager(meta);
            produce = new ProduceHandler(topics, clock, metrics, validator);
            // Bind first so the advertised port is known when port 0 asked for a free one.
            ApiRegistry registry = new ApiRegistry();
            KafkaServer server = new KafkaServer(new InetSocketAddress(config.host(), config.port()), registry, config.maxRequestBytes(),
                    config.connectionsMaxIdleMs(), metrics);
            ClusterInfo cluster = new ClusterInfo(clusterId, config.nodeId(), config.host(), server.port());
            registry.register(new ApiVersionsHandler(registry))
                    .register(new MetadataHandler(topics, cluster))
                    .register(new DescribeClusterHandler(cluster))
                    .register(produce)
                    .register(new InitProducerIdHandler(producerIds))
                    .register(new FetchHandler(topics, metrics))
                    .register(new ListOffsetsHandler(topics))
                    .register(new CreateTopicsHandler(topics, config.nodeId()))
                    .register(new DeleteTopicsHandler(topics))
                    .register(new CreatePartitionsHandler(topics))
                    .register(new DeleteRecordsHandler(topics))
                    .register(new DescribeConfigsHandler(topics, BrokerSettings.of(config), config.nodeId()))
                    .register(new AlterConfigsHandler(topics))
                    .register(new IncrementalAlterConfigsHandler(topics));
            logs.scheduleMaintenance("Producer expiry", () -> expireProducers(topics, clock), PRODUCER_EXPIRY_CHECK_MS);
            GroupCoordinator groups = GroupCoordinator.start(topics, logs, GroupConfig.of(config), clock);
            groups.handlers(cluster).forEach(registry::register);
            extraHandlers.forEach(registry::register);
            // Accept connections only once every handler is registered, so ApiVersions is complete from the first request.
            server.start();
            log.info("Kafka protocol listening on {}:{} (cluster {}, fsync {})", config.host(), server.port(), clusterId, config.fsyncPolicy());
            return new Broker(config, logs, topics, server, cluster, groups, produce);
        } catch (IOException | RuntimeException e) {
            if (produce != null) produce.close();
            logs.close();
            throw e;
        }
    }

    private static void expireProducers(TopicManager topics, Clock clock) {
        int forgotten = topics.expireProducers(clock.millis());
        if (forgotten > 0) log.info("Forgot {} idempotent producers idle for longer than {} ms", forgotten, ProducerStates.EXPIRATION_MS);
    }

    public static Broker start(BrokerConfig config) throws IOException {
        return start(config, List.of());
    }

    /** The cluster id, created once and kept in {@code herald-meta/cluster.properties}. */
    private static String clusterId(Path meta) throws IOException {
        Files.createDirectories(meta);
        Path file = meta.resolve("cluster.properties");
        if (Files.exists(file)) {
            String id = MetadataFile.read(file).get("cluster.id");
            if (id != null) return id;
        }
        String id = Uuid.randomUuid().toString();
        MetadataFile.write(file, "Herald cluster identity", Map.of("cluster.id", id));
        return id;
    }

    public int port() { return server.port(); }
    public String bootstrapServers() { return config.host() + ":" + server.port(); }
    /** Kafka-protocol connections open now. */
    public int openConnections() { return server.openConnections(); }
    public String clusterId() { return cluster.clusterId(); }
    public TopicManager topics() { return topics; }
    public LogDirectory logs() { return logs; }
    public BrokerConfig config() { return config; }
    public ClusterInfo cluster() { return cluster; }
    /** The consumer-group coordinator: group state, committed offsets and lag. */
    public GroupCoordinator groups() { return groups; }

    /** Stops accepting requests, then flushes and closes the logs and writes the clean-shutdown marker. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
            produce.close();
            groups.close();
            topics.snapshotProducerStates();
        } finally {
            logs.close();
        }
        log.info("Broker stopped cleanly");
    }
}
