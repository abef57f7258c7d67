package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.ClusterInfo;
import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.Log;
import dev.herald.storage.log.LogDirectory;
import dev.herald.storage.log.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The group coordinator of this node: finds or creates {@link Group}s, drives their membership protocol for the
 * request handlers, makes committed offsets and group records durable in {@code __consumer_offsets}
 * ({@link OffsetStore}), replays them at start, expires old offsets, and computes consumer lag.
 *
 * <p>Threading: handlers call in from their connection threads and may block here while a JoinGroup or
 * SyncGroup is parked or a commit becomes durable; each group is guarded by its own monitor and no lock is held
 * while waiting. One virtual thread ticks every {@link GroupConfig#tickMs()} to check session, rebalance and sync
 * deadlines and, less often, offset retention. The coordinator stops when its offsets log closes with the broker
 * (or on {@link #close}); parked requests are then answered with NOT_COORDINATOR so clients look again.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final TopicManager topics;
    private final OffsetStore store;
    private final GroupConfig config;
    private final Clock clock;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Thread ticker;
    private volatile boolean running = true;

    private GroupCoordinator(TopicManager topics, OffsetStore store, GroupConfig config, Clock clock) {
        this.topics = topics;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.ticker = Thread.ofVirtual().name("herald-group-coordinator").unstarted(this::tickLoop);
    }

    /** Opens (creating if needed) {@code __consumer_offsets}, replays it, and starts checking deadlines. */
    public static GroupCoordinator start(TopicManager topics, LogDirectory logs, GroupConfig config, Clock clock) throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(topics, OffsetStore.open(topics, logs), config, clock);
        coordinator.replay();
        coordinator.ticker.start();
        return coordinator;
    }

    /** The request handlers of the group APIs, one per API. */
    public List<ApiHandler<?>> handlers(ClusterInfo cluster) {
        return List.of(new FindCoordinatorHandler(cluster), new JoinGroupHandler(this), new SyncGroupHandler(this),
                new HeartbeatHandler(this), new LeaveGroupHandler(this), new OffsetCommitHandler(this),
                new OffsetFetchHandler(this), new OffsetDeleteHandler(this), new ListGroupsHandler(this),
                new DescribeGroupsHandler(this), new DeleteGroupsHandler(this));
    }

    GroupConfig config() { return config; }

    private void replay() throws IOException {
        store.replay(new OffsetStore.Visitor() {
            @Override
            public void offset(OffsetRecords.OffsetKey key, OffsetRecords.OffsetValue value, long logOffset) {
                TopicPartition partition = new TopicPartition(key.topic(), key.partition());
                CommittedOffset committed = value == null ? null : new CommittedOffset(value.offset(), value.leaderEpoch(),
                        value.metadata(), value.commitTimestampMs(), logOffset);
                groups.computeIfAbsent(key.group(), GroupCoordinator.this::newGroup).applyOffset(partition, committed, logOffset);
            }

            @Override
            public void group(OffsetRecords.GroupKey key, OffsetRecords.GroupValue value) {
                if (value == null) groups.remove(key.group());
                else groups.computeIfAbsent(key.group(), GroupCoordinator.this::newGroup).restore(value);
            }
        });
        log.info("Loaded {} consumer groups from {}", groups.size(), OffsetStore.TOPIC);
    }

    private Group newGroup(String groupId) {
        return new Group(groupId, config, clock, this::writeGroupRecord);
    }

    private void writeGroupRecord(Group group) {
        store.appendQuietly(List.of(new OffsetStore.Entry(OffsetRecords.key(new OffsetRecords.GroupKey(group.groupId)),
                OffsetRecords.value(group.record()))), clock.millis());
    }

    /** The live group, creating it if absent; a group found dead (just deleted) is replaced by a fresh one. */
    private Group getOrCreate(String groupId) {
        while (true) {
            Group group = groups.computeIfAbsent(groupId, this::newGroup);
            if (group.state() != GroupState.DEAD) return group;
            groups.remove(groupId, group);
        }
    }

    Group group(String groupId) {
        return groups.get(groupId);
    }

    // ------------------------------------------------------------------------------------------- membership

    JoinResult join(JoinRequest request) throws InterruptedException {
        if (!running) return JoinResult.error(Errors.NOT_COORDINATOR, request.memberId());
        Group group = request.memberId().isEmpty() ? getOrCreate(request.groupId()) : groups.get(request.groupId());
        if (group == null) return JoinResult.error(Errors.UNKNOWN_MEMBER_ID, request.memberId());
        return await(group.join(request));
    }

    SyncResult sync(String groupId, String memberId, String groupInstanceId, int generation, String protocolType,
                    String protocolName, Map<String, byte[]> assignments) throws InterruptedException {
        Group group = groups.get(groupId);
        if (!running) return SyncResult.error(Errors.NOT_COORDINATOR);
        if (group == null) return SyncResult.error(Errors.UNKNOWN_MEMBER_ID);
        return await(group.sync(memberId, groupInstanceId, generation, protocolType, protocolName, assignments));
    }

    Errors heartbeat(String groupId, String memberId, String groupInstanceId, int generation) {
        Group group = groups.get(groupId);
        if (!running) return Errors.NOT_COORDINATOR;
        return group == null ? Errors.UNKNOWN_MEMBER_ID : group.heartbeat(memberId, groupInstanceId, generation);
    }

    /** LeaveGroup for each (member id, instance id); null when the group does not exist. */
    List<Errors> leave(String groupId, List<Map.Entry<String, String>> leavers) {
        Group group = groups.get(groupId);
        if (group == null) return null;
        List<Errors> errors = new ArrayList<>();
        for (Map.Entry<String, String> leaver : leavers) errors.add(group.leave(leaver.getKey(), leaver.getValue()));
        return errors;
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a parked group response failed", e.getCause());
        }
    }

    // --------------------------------------------------------------------------------------------- offsets

    /** One partition of an OffsetCommit. */
    record Commit(TopicPartition partition, long offset, int leaderEpoch, String metadata) { }

    /**
     * Validates a commit as Kafka does, appends one record per accepted partition in one batch, waits until the
     * batch is durable, then makes the offsets visible. Returns the error per partition, in request order.
     */
    Map<TopicPartition, Errors> commit(String groupId, String memberId, String groupInstanceId, int generation,
                                       List<Commit> commits) throws InterruptedException {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Errors groupError = !running ? Errors.NOT_COORDINATOR : groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : null;
        Group group = null;
        if (groupError == null) {
            group = generation < 0 ? getOrCreate(groupId) : groups.get(groupId);
            if (group == null) groupError = Errors.ILLEGAL_GENERATION;
        }
        if (groupError != null) {
            for (Commit commit : commits) errors.put(commit.partition(), groupError);
            return errors;
        }
        List<Commit> accepted = new ArrayList<>();
        long now = clock.millis();
        Log.AppendResult appended = null;
        synchronized (group) {
            Errors invalid = group.validateCommit(memberId, groupInstanceId, generation);
            for (Commit commit : commits) {
                Errors error = invalid != null ? invalid : validate(commit);
                errors.put(commit.partition(), error);
                if (error == Errors.NONE) accepted.add(commit);
            }
            if (!accepted.isEmpty()) {
                List<OffsetStore.Entry> entries = new ArrayList<>();
                for (Commit commit : accepted) entries.add(offsetEntry(groupId, commit, now));
                try {
                    appended = store.append(entries, now);
                } catch (IOException e) {
                    log.error("Writing offsets of group {} failed", groupId, e);
                    accepted.forEach(c -> errors.put(c.partition(), Errors.KAFKA_STORAGE_ERROR));
                    return errors;
                }
            }
        }
        if (appended == null) return errors;
        Errors durability = awaitDurable(appended.durable());
        if (durability != Errors.NONE) {
            accepted.forEach(c -> errors.put(c.partition(), durability));
            return errors;
        }
        for (int i = 0; i < accepted.size(); i++) {
            Commit commit = accepted.get(i);
            long logOffset = appended.firstOffset() + i;
            group.applyOffset(commit.partition(), new CommittedOffset(commit.offset(), commit.leaderEpoch(),
                    commit.metadata(), now, logOffset), logOffset);
        }
        return errors;
    }

    private Errors validate(Commit commit) {
        if (commit.metadata() != null && commit.metadata().length() > config.maxMetadataBytes()) return Errors.OFFSET_METADATA_TOO_LARGE;
        Topic topic = topics.topic(commit.partition().topic());
        if (topic == null || topic.partition(commit.partition().partition()) == null) return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        return Errors.NONE;
    }

    private static OffsetStore.Entry offsetEntry(String groupId, Commit commit, long now) {
        TopicPartition partition = commit.partition();
        return new OffsetStore.Entry(
                OffsetRecords.key(new OffsetRecords.OffsetKey(groupId, partition.topic(), partition.partition())),
                OffsetRecords.value(new OffsetRecords.OffsetValue(commit.offset(), commit.leaderEpoch(), commit.metadata(), now)));
    }

    private static OffsetStore.Entry tombstone(String groupId, TopicPartition partition) {
        return new OffsetStore.Entry(OffsetRecords.key(new OffsetRecords.OffsetKey(groupId, partition.topic(), partition.partition())), null);
    }

    private Errors awaitDurable(CompletableFuture<Void> durable) throws InterruptedException {
        try {
            durable.get(config.commitTimeoutMs(), TimeUnit.MILLISECONDS);
            return Errors.NONE;
        } catch (TimeoutException e) {
            return Errors.REQUEST_TIMED_OUT;
        } catch (ExecutionException e) {
            log.error("fsync of {} failed", OffsetStore.TOPIC, e.getCause());
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }

    /**
     * Committed offsets of a group for the given partitions (null: every partition with a commit). A partition
     * without a commit maps to null; so does every partition of an unknown group.
     */
    Map<TopicPartition, CommittedOffset> committed(String groupId, Collection<TopicPartition> partitions) {
        Group group = groups.get(groupId);
        Map<TopicPartition, CommittedOffset> result = new LinkedHashMap<>();
        if (partitions == null) {
            if (group != null) {
                group.offsets().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                        .forEach(e -> result.put(e.getKey(), e.getValue()));
            }
            return result;
        }
        for (TopicPartition partition : partitions) result.put(partition, group == null ? null : group.offset(partition));
        return result;
    }

    /**
     * OffsetDelete: removes the offsets of partitions whose topic no current member subscribes to. Returns the
     * group-level error, or NONE and fills {@code errors} per partition.
     */
    Errors deleteOffsets(String groupId, List<TopicPartition> partitions, Map<TopicPartition, Errors> errors) throws InterruptedException {
        Group group = groups.get(groupId);
        if (group == null) return Errors.GROUP_ID_NOT_FOUND;
        CompletableFuture<Void> durable;
        synchronized (group) {
            GroupState state = group.state();
            if (state == GroupState.DEAD) return Errors.GROUP_ID_NOT_FOUND;
            boolean consumer = "consumer".equals(group.protocolType());
            if (state != GroupState.EMPTY && !consumer) return Errors.NON_EMPTY_GROUP;
            Set<String> subscribed = state == GroupState.EMPTY ? Set.of() : Subscriptions.topics(group.snapshot());
            List<OffsetStore.Entry> entries = new ArrayList<>();
            List<TopicPartition> removed = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (topics.topic(partition.topic()) == null) {
                    errors.put(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (subscribed.contains(partition.topic())) {
                    errors.put(partition, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    errors.put(partition, Errors.NONE);
                    if (group.offset(partition) != null) {
                        entries.add(tombstone(groupId, partition));
                        removed.add(partition);
                    }
                }
            }
            if (entries.isEmpty()) return Errors.NONE;
            try {
                Log.AppendResult appended = store.append(entries, clock.millis());
                for (int i = 0; i < removed.size(); i++) group.applyOffset(removed.get(i), null, appended.firstOffset() + i);
                durable = appended.durable();
            } catch (IOException e) {
                log.error("Deleting offsets of group {} failed", groupId, e);
                return Errors.KAFKA_STORAGE_ERROR;
            }
        }
        Errors durability = awaitDurable(durable);
        if (durability != Errors.NONE) errors.replaceAll((partition, error) -> error == Errors.NONE ? durability : error);
        return Errors.NONE;
    }

    // ----------------------------------------------------------------------------------- groups as a whole

    /** Ids of every live group, sorted; for lag reporting. */
    public List<String> groupIds() {
        return snapshots().stream().map(Group.Snapshot::groupId).toList();
    }

    /** Every live group's snapshot, sorted by group id. */
    List<Group.Snapshot> snapshots() {
        List<Group.Snapshot> list = new ArrayList<>();
        for (Group group : groups.values()) {
            Group.Snapshot snapshot = group.snapshot();
            if (snapshot.state() != GroupState.DEAD) list.add(snapshot);
        }
        list.sort(Comparator.comparing(Group.Snapshot::groupId));
        return list;
    }

    /** DeleteGroups for one group: only an empty group can be deleted; its offsets go with it. */
    Errors deleteGroup(String groupId) throws InterruptedException {
        Group group = groups.get(groupId);
        if (group == null) return Errors.GROUP_ID_NOT_FOUND;
        CompletableFuture<Void> durable;
        synchronized (group) {
            GroupState state = group.state();
            if (state == GroupState.DEAD) return Errors.GROUP_ID_NOT_FOUND;
            if (!group.markDeadIfEmpty()) return Errors.NON_EMPTY_GROUP;
            durable = removeGroup(group);
        }
        return durable == null ? Errors.KAFKA_STORAGE_ERROR : awaitDurable(durable);
    }

    /** Writes tombstones for a dead group's offsets and its group record, and forgets it. Caller holds its monitor. */
    private CompletableFuture<Void> removeGroup(Group group) {
        List<OffsetStore.Entry> entries = new ArrayList<>();
        for (TopicPartition partition : group.offsets().keySet()) entries.add(tombstone(group.groupId, partition));
        entries.add(new OffsetStore.Entry(OffsetRecords.key(new OffsetRecords.GroupKey(group.groupId)), null));
        groups.remove(group.groupId, group);
        log.info("Deleted group {} and its {} committed offsets", group.groupId, entries.size() - 1);
        try {
            return store.append(entries, clock.millis()).durable();
        } catch (IOException e) {
            log.error("Writing the deletion of group {} failed", group.groupId, e);
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------- background

    private void tickLoop() {
        long nextRetentionCheck = clock.millis() + config.offsetsRetentionCheckIntervalMs();
        while (running && store.isOpen()) {
            try {
                Thread.sleep(config.tickMs());
            } catch (InterruptedException e) {
                break;
            }
            for (Group group : groups.values()) {
                try {
                    group.tick();
                } catch (RuntimeException e) {
                    log.error("Checking deadlines of group {} failed", group.groupId, e);
                }
            }
            if (clock.millis() >= nextRetentionCheck) {
                expireOffsets();
                nextRetentionCheck = clock.millis() + config.offsetsRetentionCheckIntervalMs();
            }
        }
        running = false;
        groups.values().forEach(g -> g.abandon(Errors.NOT_COORDINATOR));
        log.info("Group coordinator stopped");
    }

    private boolean partitionExists(TopicPartition partition) {
        Topic topic = topics.topic(partition.topic());
        return topic != null && topic.partition(partition.partition()) != null;
    }

    /** Deletes offsets past {@code offsets.retention.minutes} or of deleted topics, and empty groups left with none. */
    public void expireOffsets() {
        long now = clock.millis();
        for (Group group : groups.values()) {
            synchronized (group) {
                List<TopicPartition> expired = group.expiredOffsets(now, this::partitionExists);
                if (group.state() == GroupState.EMPTY && expired.size() == group.offsets().size() && group.markDeadIfEmpty()) {
                    if (!expired.isEmpty() || group.generationId() > 0) {
                        log.info("Group {}: offsets expired after {} ms empty", group.groupId, config.offsetsRetentionMs());
                    }
                    removeGroup(group);
                    continue;
                }
                if (expired.isEmpty()) continue;
                List<OffsetStore.Entry> entries = new ArrayList<>();
                for (TopicPartition partition : expired) entries.add(tombstone(group.groupId, partition));
                try {
                    Log.AppendResult appended = store.append(entries, now);
                    for (int i = 0; i < expired.size(); i++) group.applyOffset(expired.get(i), null, appended.firstOffset() + i);
                } catch (IOException e) {
                    log.error("Expiring offsets of group {} failed", group.groupId, e);
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- lag

    /**
     * How far one partition's committed offset trails its end.
     *
     * @param endOffset the high watermark: the offset the next record will get
     * @param lag       records between the committed offset and the end
     * @param timeLagMs age of the first unconsumed record (its timestamp to now); 0 when caught up
     */
    public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long lag, long timeLagMs) { }

    /** Consumer lag of every partition the group has committed, sorted by topic and partition. */
    public List<PartitionLag> lag(String groupId) throws IOException {
        List<PartitionLag> lags = new ArrayList<>();
        for (Map.Entry<TopicPartition, CommittedOffset> entry : committed(groupId, null).entrySet()) {
            TopicPartition tp = entry.getKey();
            Topic topic = topics.topic(tp.topic());
            Partition partition = topic == null ? null : topic.partition(tp.partition());
            if (partition == null) continue;
            Log partitionLog = partition.log();
            long committed = entry.getValue().offset();
            long end = partitionLog.highWatermark();
            long lag = Math.max(0, end - Math.max(committed, 0));
            lags.add(new PartitionLag(tp.topic(), tp.partition(), committed, end, lag, lag == 0 ? 0 : timeLag(partitionLog, committed)));
        }
        return lags;
    }

    private long timeLag(Log partitionLog, long committed) throws IOException {
        long from = Math.max(committed, partitionLog.logStartOffset());
        Log.ReadResult read;
        try {
            read = partitionLog.read(from, 1);
        } catch (OffsetOutOfRangeException e) {
            return 0;
        }
        if (read.isEmpty()) return 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(read.region().readFully()).batches()) {
            if (batch.isControlBatch()) continue;
            for (Record record : batch) {
                if (record.offset() < from) continue;
                long timestamp = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : record.timestamp();
                return Math.max(0, clock.millis() - timestamp);
            }
        }
        return 0;
    }

    /** Stops the deadline checks and answers parked requests with NOT_COORDINATOR. Idempotent. */
    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        try {
            ticker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
