package dev.herald.broker.fetch;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.metrics.BrokerMetrics;
import dev.herald.broker.network.RegionRecords;
import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.Log;
import dev.herald.storage.log.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetch: reads each requested partition from the batch holding the fetch offset, respecting the request's and
 * each partition's byte limits (but always at least one whole batch, KIP-74), and long-polls: when less than
 * {@code minBytes} is available it parks until an append moves a high watermark or {@code maxWaitMs} passes.
 * Record data goes from segment files to the socket with sendfile.
 *
 * <p>Sessionless: every response is a full response (session id 0) listing every requested partition, which
 * every client accepts (KIP-227 lets a broker decline sessions). Capped at v12 because topic ids in fetch
 * (v13+) are not resolved yet; the Java consumer uses v12 then.
 */
public final class FetchHandler implements ApiHandler<FetchRequest> {
    private static final byte READ_COMMITTED = 1;
    private final TopicManager topics;
    private final BrokerMetrics metrics;

    public FetchHandler(TopicManager topics, BrokerMetrics metrics) {
        this.topics = topics;
        this.metrics = metrics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.FETCH; }
    @Override public short minVersion() { return 4; }
    @Override public short maxVersion() { return 12; }

    @Override
    public ApiMessage handle(RequestContext context, FetchRequest request) throws Exception {
        FetchRequestData data = request.data();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, data.maxWaitMs()));
        while (true) {
            Attempt attempt = read(data);
            long remainingNanos = deadline - System.nanoTime();
            if (attempt.bytes >= Math.max(1, data.minBytes()) || attempt.hasError || remainingNanos <= 0 || attempt.watches.isEmpty()) {
                return counted(attempt.response);
            }
            // Wait for any partition's high watermark to move past what this attempt saw; an append that landed
            // since then completes its waiter at once, so nothing is missed between the read and the wait.
            List<CompletableFuture<Void>> waits = new ArrayList<>(attempt.watches.size());
            for (Watch watch : attempt.watches) waits.add(watch.log().awaitDataBeyond(watch.highWatermark()));
            try {
                CompletableFuture.anyOf(waits.toArray(CompletableFuture[]::new)).get(remainingNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return counted(read(data).response);
            } finally {
                for (int i = 0; i < waits.size(); i++) attempt.watches.get(i).log().cancelWait(waits.get(i));
            }
        }
    }

    private FetchResponseData counted(FetchResponseData response) {
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            int bytes = 0;
            for (PartitionData partition : topic.partitions()) bytes += partition.records().sizeInBytes();
            if (bytes > 0) metrics.fetched(topic.topic(), bytes);
        }
        return response;
    }

    /** A partition read by an attempt and the high watermark it saw. */
    private record Watch(Log log, long highWatermark) { }

    /** One pass over the requested partitions. */
    private static final class Attempt {
        final FetchResponseData response = new FetchResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code()).setSessionId(0);
        final List<Watch> watches = new ArrayList<>();
        int bytes;
        boolean hasError;
    }

    private Attempt read(FetchRequestData data) throws IOException {
        Attempt attempt = new Attempt();
        int budget = data.maxBytes() <= 0 ? Integer.MAX_VALUE : data.maxBytes();
        boolean readCommitted = data.isolationLevel() == READ_COMMITTED;
        for (FetchRequestData.FetchTopic fetchTopic : data.topics()) {
            FetchResponseData.FetchableTopicResponse topicResponse = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(fetchTopic.topic()).setTopicId(fetchTopic.topicId());
            Topic topic = topics.topic(fetchTopic.topic());
            for (FetchRequestData.FetchPartition wanted : fetchTopic.partitions()) {
                PartitionData partitionData = new PartitionData().setPartitionIndex(wanted.partition())
                        .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                        .setPreferredReadReplica(-1).setRecords(MemoryRecords.EMPTY)
                        .setAbortedTransactions(readCommitted ? new ArrayList<>() : null);
                Partition partition = topic == null ? null : topic.partition(wanted.partition());
                if (partition == null) {
                    partitionData.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    attempt.hasError = true;
                } else if (wanted.currentLeaderEpoch() > 0) {
                    partitionData.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
                    attempt.hasError = true;
                } else {
                    int limit = Math.min(budget, wanted.partitionMaxBytes() <= 0 ? Integer.MAX_VALUE : wanted.partitionMaxBytes());
                    // KIP-74: the first partition with data returns at least one batch even when over the limits.
                    int size = readPartition(partition.log(), wanted.fetchOffset(), attempt.bytes == 0 ? Math.max(limit, 1) : limit,
                            budget <= 0, partitionData, attempt);
                    attempt.bytes += size;
                    budget -= size;
                }
                topicResponse.partitions().add(partitionData);
            }
            attempt.response.responses().add(topicResponse);
        }
        return attempt;
    }

    private static int readPartition(Log log, long offset, int limit, boolean budgetSpent, PartitionData out, Attempt attempt) throws IOException {
        try {
            if (budgetSpent) {
                // The response is full: report the partition's offsets without reading its data.
                long highWatermark = log.highWatermark();
                long logStartOffset = log.logStartOffset();
                if (offset < logStartOffset || offset > highWatermark) throw new OffsetOutOfRangeException(offset, logStartOffset, highWatermark);
                out.setErrorCode(Errors.NONE.code()).setHighWatermark(highWatermark).setLastStableOffset(highWatermark).setLogStartOffset(logStartOffset);
                attempt.watches.add(new Watch(log, highWatermark));
                return 0;
            }
            Log.ReadResult result = log.read(offset, limit);
            out.setErrorCode(Errors.NONE.code())
                    .setHighWatermark(result.highWatermark())
                    .setLastStableOffset(result.highWatermark())
                    .setLogStartOffset(result.logStartOffset());
            attempt.watches.add(new Watch(log, result.highWatermark()));
            if (result.isEmpty()) return 0;
            out.setRecords(new RegionRecords(result.region()));
            return result.sizeInBytes();
        } catch (OffsetOutOfRangeException e) {
            out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code())
                    .setHighWatermark(e.highWatermark()).setLastStableOffset(e.highWatermark()).setLogStartOffset(e.logStartOffset());
            attempt.hasError = true;
            return 0;
        }
    }
}
