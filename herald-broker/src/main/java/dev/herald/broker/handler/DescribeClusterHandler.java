package dev.herald.broker.handler;

import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;

/** DescribeCluster: the cluster id and this node as its only broker and controller. */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {
    private final ClusterInfo cluster;

    public DescribeClusterHandler(ClusterInfo cluster) {
        this.cluster = cluster;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DESCRIBE_CLUSTER; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 1; }

    @Override
    public ApiMessage handle(RequestContext context, DescribeClusterRequest request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setErrorCode(Errors.NONE.code())
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.nodeId())
                .setEndpointType(request.data().endpointType());
        response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                .setBrokerId(cluster.nodeId()).setHost(cluster.host()).setPort(cluster.port()).setRack(null));
        return response;
    }
}
