package dev.herald.broker;

import dev.herald.storage.durability.FsyncPolicy;

import java.nio.file.Path;

/**
 * Settings of an embedded or standalone broker.
 *
 * @param dataDirectory            where logs and metadata live
 * @param host                     address to listen on, also advertised to clients in Metadata
 * @param port                     Kafka-protocol port; 0 picks a free one
 * @param nodeId                   this broker's id in Metadata (it is also the controller)
 * @param fsyncPolicy              when appended data is forced to disk (see {@link FsyncPolicy})
 * @param defaultPartitions        partitions of auto-created topics and of CreateTopics with -1 ({@code num.partitions})
 * @param autoCreateTopics         create unknown topics on Metadata requests ({@code auto.create.topics.enable})
 * @param maxRequestBytes          larger request frames close the connection ({@code socket.request.max.bytes})
 * @param retentionCheckIntervalMs how often retention and compaction run ({@code log.retention.check.interval.ms})
 * @param groupInitialRebalanceDelayMs wait for more members before the first rebalance of an empty group
 * @param connectionsMaxIdleMs     a connection with no request for this long and no response owed is closed
 *                                 ({@code connections.max.idle.ms}, 10 minutes); 0 or less keeps idle connections
 */
public record BrokerConfig(Path dataDirectory, String host, int port, int nodeId, FsyncPolicy fsyncPolicy,
                           int defaultPartitions, boolean autoCreateTopics, int maxRequestBytes,
                           long retentionCheckIntervalMs, long groupInitialRebalanceDelayMs, long connectionsMaxIdleMs) {

    public static BrokerConfig defaults(Path dataDirectory) {
        return new BrokerConfig(dataDirectory, "127.0.0.1", 9092, 1, new FsyncPolicy.Always(), 1, true,
                100 * 1024 * 1024, 300_000, 3_000, 600_000);
    }

    public BrokerConfig withPort(int value) { return new BrokerConfig(dataDirectory, host, value, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withHost(String value) { return new BrokerConfig(dataDirectory, value, port, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withFsyncPolicy(FsyncPolicy value) { return new BrokerConfig(dataDirectory, host, port, nodeId, value, defaultPartitions, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withDefaultPartitions(int value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, value, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withAutoCreateTopics(boolean value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, defaultPartitions, value, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withMaxRequestBytes(int value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, value, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withRetentionCheckIntervalMs(long value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, maxRequestBytes, value, groupInitialRebalanceDelayMs, connectionsMaxIdleMs); }
    public BrokerConfig withConnectionsMaxIdleMs(long value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, groupInitialRebalanceDelayMs, value); }
    public BrokerConfig withGroupInitialRebalanceDelayMs(long value) { return new BrokerConfig(dataDirectory, host, port, nodeId, fsyncPolicy, defaultPartitions, autoCreateTopics, maxRequestBytes, retentionCheckIntervalMs, value, connectionsMaxIdleMs); }
}
