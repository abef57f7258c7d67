package dev.herald.broker.handler;

/** Who this broker is, as Metadata, FindCoordinator and DescribeCluster report it. */
public record ClusterInfo(String clusterId, int nodeId, String host, int port) { }
