package dev.herald.broker.produce;

import dev.herald.broker.handler.DeferredApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.metrics.BrokerMetrics;
import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.log.Log;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Produce: validates each partition's batch the way Kafka does (one v2 batch, CRC, size, record count, timestamps,
 * keys on compacted topics), applies idempotent-producer checks, appends, and for acks=all answers only once the
 * data is durable under the fsync policy. Batches are stored byte for byte as received, compressed or not; only
 * the base offset, leader epoch and (for LogAppendTime topics) the max timestamp are rewritten.
 *
 * <p>Advertised from v0 because librdkafka only compresses when Produce v0 is in range (KAFKA-18659); versions
 * below 3 (old message formats) are refused per partition since no current client sends them.
 *
 * <p>An acks=all request still waiting for its fsync when its {@code timeoutMs} has passed is answered
 * REQUEST_TIMED_OUT. Waiting requests are checked every {@value #TIMEOUT_CHECK_MS} ms by one thread rather than
 * given a timer each: a timer set and cancelled per request (the JDK's delay scheduler, woken for each) cost ~7 %
 * of the broker's user CPU in a produce run (docs/benchmarks/history.md), for a timeout that fires only when the
 * disk stalls.
 */
public final class ProduceHandler implements DeferredApiHandler<ProduceRequest>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    private static final int ZSTD = 4;
    /** How often waiting acks=all requests are checked against their timeouts; so they fire up to this late. */
    static final long TIMEOUT_CHECK_MS = 100;

    private final TopicManager topics;
    private final Clock clock;
    private final BrokerMetrics metrics;
    private final RecordValidator validator;
    /** acks=all requests waiting for their fsync, oldest first; settled ones are dropped at the next check. */
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("herald-produce-timeouts").daemon(true).factory());

    /** A request's "every write durable, failed or timed out" future and when it times out. */
    private record Waiting(CompletableFuture<Void> settled, long deadlineNanos) { }

    public ProduceHandler(TopicManager topics, Clock clock, BrokerMetrics metrics, RecordValidator validator) {
        this.validator = validator;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        timeouts.scheduleWithFixedDelay(() -> settleOverdue(System.nanoTime()), TIMEOUT_CHECK_MS, TIMEOUT_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /** Settles the waiting requests whose timeout has passed (their answers then say REQUEST_TIMED_OUT). */
    private void settleOverdue(long nowNanos) {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting next = it.next();
            if (next.settled().isDone()) {
                it.remove();
            } else if (nowNanos - next.deadlineNanos() >= 0) {
                next.settled().complete(null);
                it.remove();
            }
        }
    }

    /** Stops checking timeouts; requests still waiting are answered when their fsync completes or the log closes. */
    @Override
    public void close() {
        timeouts.shutdownNow();
    }

    @Override public ApiKeys apiKey() { return ApiKeys.PRODUCE; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 12; }

    /** One partition's outcome; {@code durable} is non-null while an acks=all write waits for its fsync. */
    private record Outcome(PartitionProduceResponse response, CompletableFuture<Void> durable) { }

    @Override
    public CompletableFuture<ApiMessage> begin(RequestContext context, ProduceRequest request) {
        ProduceRequestData data = request.data();
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        List<Outcome> outcomes = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topicData.name()).setTopicId(topicData.topicId());
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                Outcome outcome = produce(request.version(), topicData.name(), partitionData);
                outcomes.add(outcome);
                topicResponse.partitionResponses().add(outcome.response());
            }
            response.responses().add(topicResponse);
        }
        if (data.acks() == 0) return CompletableFuture.completedFuture(null);
        if (data.acks() != -1) return CompletableFuture.completedFuture(response);
        return whenDurable(outcomes, Math.max(data.timeoutMs(), 0)).thenApply(ignored -> response);
    }

    /**
     * Completes once every acks=all write of the request is durable, failed, or still pending after the request's
     * timeout; each partition's answer then says which. Runs its completion on the group-commit thread (or the
     * timeout checker's): short.
     */
    private CompletableFuture<Void> whenDurable(List<Outcome> outcomes, long timeoutMs) {
        CompletableFuture<?>[] pending = outcomes.stream().map(Outcome::durable).filter(durable -> durable != null && !durable.isDone())
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture<Void> settled;
        if (pending.length == 0) {
            settled = CompletableFuture.completedFuture(null);
        } else {
            settled = CompletableFuture.allOf(pending).exceptionally(failure -> null);
            waiting.add(new Waiting(settled, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs)));
        }
        return settled.thenRun(() -> {
            for (Outcome outcome : outcomes) {
                if (outcome.durable() == null) continue;
                switch (outcome.durable().state()) {
                    case SUCCESS -> { }
                    case RUNNING -> fail(outcome.response(), Errors.REQUEST_TIMED_OUT, "The write was not made durable within " + timeoutMs + " ms");
                    case FAILED, CANCELLED -> {
                        Throwable cause = outcome.durable().state() == Future.State.FAILED ? outcome.durable().exceptionNow() : new CancellationException();
                        log.error("fsync failed for an acknowledged-pending write", cause);
                        fail(outcome.response(), Errors.KAFKA_STORAGE_ERROR, "The write could not be made durable: " + cause.getMessage());
                    }
                }
            }
        });
    }

    private static void fail(PartitionProduceResponse response, Errors error, String message) {
        response.setErrorCode(error.code()).setErrorMessage(message).setBaseOffset(-1);
    }

    private Outcome produce(short version, String topicName, ProduceRequestData.PartitionProduceData data) {
        PartitionProduceResponse response = new PartitionProduceResponse()
                .setIndex(data.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
        Topic topic = topics.topic(topicName);
        Partition partition = topic == null ? null : topic.partition(data.index());
        if (partition == null) {
            fail(response, Errors.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
            return new Outcome(response, null);
        }
        if (version < 3) {
            fail(response, Errors.UNSUPPORTED_VERSION, "Produce v" + version + " (message format v0/v1) is not supported; use record batches (v2)");
            return new Outcome(response, null);
        }
        MemoryRecords records = (MemoryRecords) data.records();
        ByteBuffer buffer = records == null ? ByteBuffer.allocate(0) : records.buffer();
        Rejection rejection = validate(version, topic, buffer, response);
        if (rejection != null) {
            fail(response, rejection.error(), rejection.message());
            return new Outcome(response, null);
        }
        return append(topic, partition, buffer, response);
    }

    private record Rejection(Errors error, String message) { }

    private Rejection validate(short version, Topic topic, ByteBuffer buffer, PartitionProduceResponse response) {
        int start = buffer.position();
        String problem = BatchHeader.structuralError(buffer, start, buffer.limit());
        if (problem != null) return new Rejection(Errors.CORRUPT_MESSAGE, "Malformed record batch: " + problem);
        BatchHeader batch = new BatchHeader(buffer, start);
        if (start + batch.sizeInBytes() != buffer.limit()) {
            return new Rejection(Errors.INVALID_RECORD, "Produce v3 and later must carry exactly one record batch per partition");
        }
        int maxMessageBytes = Integer.parseInt(topic.config(TopicConfigs.MAX_MESSAGE_BYTES));
        if (batch.sizeInBytes() > maxMessageBytes) {
            return new Rejection(Errors.MESSAGE_TOO_LARGE, "The record batch is " + batch.sizeInBytes()
                    + " bytes, larger than max.message.bytes=" + maxMessageBytes + " of topic " + topic.name());
        }
        if (!batch.isCrcValid()) return new Rejection(Errors.CORRUPT_MESSAGE, "Record batch CRC mismatch: the data was damaged in transit");
        if (batch.lastOffsetDelta() + 1 != batch.recordCount() || batch.recordCount() <= 0) {
            return new Rejection(Errors.INVALID_RECORD, "Record count " + batch.recordCount() + " does not match lastOffsetDelta " + batch.lastOffsetDelta());
        }
        if (batch.isControl()) return new Rejection(Errors.INVALID_RECORD, "Clients may not send control batches");
        if (batch.isTransactional()) return new Rejection(Errors.INVALID_RECORD, "Transactions are not supported by Herald yet");
        if (batch.producerId() >= 0 && batch.baseSequence() < 0) {
            return new Rejection(Errors.INVALID_RECORD, "Idempotent batch from producer " + batch.producerId() + " has no sequence number");
        }
        if (batch.compressionCode() == ZSTD && version < 7) {
            return new Rejection(Errors.UNSUPPORTED_COMPRESSION_TYPE, "zstd-compressed batches need Produce v7 or later");
        }
        if (batch.compressionCode() > ZSTD) return new Rejection(Errors.CORRUPT_MESSAGE, "Unknown compression codec " + batch.compressionCode());
        if (batch.isLogAppendTime()) return new Rejection(Errors.INVALID_TIMESTAMP, "Clients may not set the LogAppendTime flag");
        Rejection timestamps = validateTimestamps(topic, batch);
        if (timestamps != null) return timestamps;
        if (topic.config(TopicConfigs.CLEANUP_POLICY).contains("compact")) {
            Rejection keys = validateKeys(buffer, response);
            if (keys != null) return keys;
        }
        return validateSchemas(topic, buffer, response);
    }

    private Rejection validateTimestamps(Topic topic, BatchHeader batch) {
        if (!topic.config(TopicConfigs.TIMESTAMP_TYPE).equals("CreateTime")) return null;
        long now = clock.millis();
        long afterMax = Long.parseLong(topic.config(TopicConfigs.TIMESTAMP_AFTER_MAX_MS));
        long beforeMax = Long.parseLong(topic.config(TopicConfigs.TIMESTAMP_BEFORE_MAX_MS));
        if (batch.maxTimestamp() - now > afterMax) {
            return new Rejection(Errors.INVALID_TIMESTAMP, "Timestamp " + batch.maxTimestamp() + " is more than "
                    + TopicConfigs.TIMESTAMP_AFTER_MAX_MS + "=" + afterMax + " ms in the future");
        }
        if (now - batch.baseTimestamp() > beforeMax) {
            return new Rejection(Errors.INVALID_TIMESTAMP, "Timestamp " + batch.baseTimestamp() + " is more than "
                    + TopicConfigs.TIMESTAMP_BEFORE_MAX_MS + "=" + beforeMax + " ms in the past");
        }
        return null;
    }

    /** Compacted topics keep the latest value per key, so every record needs a key (Kafka: INVALID_RECORD). */
    private static Rejection validateKeys(ByteBuffer buffer, PartitionProduceResponse response) {
        RecordBatch batch = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        int index = 0;
        for (Record record : batch) {
            if (!record.hasKey()) {
                response.recordErrors().add(new BatchIndexAndErrorMessage().setBatchIndex(index)
                        .setBatchIndexErrorMessage("Compacted topic cannot accept message without key in topic partition"));
            }
            index++;
        }
        return response.recordErrors().isEmpty() ? null
                : new Rejection(Errors.INVALID_RECORD, "Compacted topics need a key on every record");
    }

    /** Broker-side schema validation for topics that ask for it; every refused record is listed in recordErrors. */
    private Rejection validateSchemas(Topic topic, ByteBuffer buffer, PartitionProduceResponse response) {
        boolean values = Boolean.parseBoolean(topic.config(TopicConfigs.VALUE_SCHEMA_VALIDATION));
        boolean keys = Boolean.parseBoolean(topic.config(TopicConfigs.KEY_SCHEMA_VALIDATION));
        if (!values && !keys) return null;
        RecordBatch batch = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        String first = null;
        int index = 0;
        for (Record record : batch) {
            String problem = null;
            if (keys) problem = validator.problem(topic.name(), true, record.hasKey() ? record.key() : ByteBuffer.allocate(0));
            if (problem == null && values) problem = validator.problem(topic.name(), false, record.hasValue() ? record.value() : ByteBuffer.allocate(0));
            if (problem != null) {
                response.recordErrors().add(new BatchIndexAndErrorMessage().setBatchIndex(index).setBatchIndexErrorMessage(problem));
                if (first == null) first = problem;
            }
            index++;
        }
        return first == null ? null : new Rejection(Errors.INVALID_RECORD, first);
    }

    private Outcome append(Topic topic, Partition partition, ByteBuffer buffer, PartitionProduceResponse response) {
        BatchHeader batch = new BatchHeader(buffer, buffer.position());
        batch.setPartitionLeaderEpoch(0);
        boolean logAppendTime = topic.config(TopicConfigs.TIMESTAMP_TYPE).equals("LogAppendTime");
        partition.appendLock().lock();
        try {
            Log log = partition.log();
            switch (partition.producerStates().check(batch)) {
                case ProducerStates.Check.Duplicate duplicate -> {
                    response.setErrorCode(Errors.NONE.code()).setBaseOffset(duplicate.original().firstOffset())
                            .setLogAppendTimeMs(logAppendTime ? duplicate.original().timestamp() : -1)
                            .setLogStartOffset(log.logStartOffset());
                    // A retry can arrive before the original write is durable (the client timed out or reconnected
                    // while its fsync ran, or that fsync failed): acks=all answers it only once the original is.
                    long last = duplicate.original().lastOffset();
                    return new Outcome(response, log.highWatermark() > last ? null : log.awaitDurable(last));
                }
                case ProducerStates.Check.Reject reject -> {
                    fail(response, reject.error(), reject.message());
                    return new Outcome(response, null);
                }
                case ProducerStates.Check.Accept accept -> { }
            }
            long now = clock.millis();
            if (logAppendTime) batch.setLogAppendTime(now);
            Log.AppendResult result = log.append(buffer);
            partition.producerStates().record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    result.firstOffset(), result.lastOffset(), logAppendTime ? now : batch.maxTimestamp(), now);
            partition.appended();
            metrics.produced(topic.name(), batch.sizeInBytes(), batch.recordCount());
            response.setErrorCode(Errors.NONE.code()).setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(logAppendTime ? now : -1).setLogStartOffset(log.logStartOffset());
            return new Outcome(response, result.durable());
        } catch (IOException e) {
            log.error("Append to {}-{} failed", topic.name(), partition.index(), e);
            fail(response, Errors.KAFKA_STORAGE_ERROR, "The broker could not write to disk: " + e.getMessage());
            return new Outcome(response, null);
        } finally {
            partition.appendLock().unlock();
        }
    }
}
