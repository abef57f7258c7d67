package dev.herald.broker.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One classic consumer group: its members, generation, chosen protocol and committed offsets, and the state
 * machine drawn in {@link GroupState}. Membership operations (join, sync, heartbeat, leave) and the deadlines
 * checked by {@link #tick} move it between states; parked JoinGroup and SyncGroup responses are futures that
 * the transitions complete.
 *
 * <p>Threading: every method is synchronized on the group; callers wait for the returned futures outside the
 * monitor. Group records are handed to the {@link Journal} while the monitor is held, so they reach the log in
 * the order the transitions happened.
 */
final class Group {
    private static final Logger log = LoggerFactory.getLogger(Group.class);

    /** Persists the group record (generation, protocol, member count) after a generation completes or empties. */
    interface Journal {
        void groupChanged(Group group);
    }

    final String groupId;
    private final GroupConfig config;
    private final Clock clock;
    private final Journal journal;

    private GroupState state = GroupState.EMPTY;
    private long stateTimestampMs;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Members told MEMBER_ID_REQUIRED that have not rejoined yet, with when they are forgotten. */
    private final Map<String, Long> pendingMembers = new HashMap<>();
    /** group.instance.id to the member id currently holding it. */
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members of the current generation that have not sent their SyncGroup yet. */
    private final Set<String> pendingSync = new HashSet<>();
    /** PreparingRebalance: when the join completes anyway. Completing/Stable: when members that did not sync are removed. */
    private long rebalanceDeadlineMs;
    private boolean inInitialDelay;
    private long initialDelayRemainingMs;
    private boolean joinedDuringDelay;
    private final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();

    Group(String groupId, GroupConfig config, Clock clock, Journal journal) {
        this.groupId = groupId;
        this.config = config;
        this.clock = clock;
        this.journal = journal;
        this.stateTimestampMs = clock.millis();
    }

    // ------------------------------------------------------------------------------------------------ join

    synchronized CompletableFuture<JoinResult> join(JoinRequest request) {
        if (state == GroupState.DEAD) return done(JoinResult.error(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId()));
        if (!acceptsProtocols(request)) return done(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        return request.memberId().isEmpty() ? joinNewMember(request) : joinKnownMember(request);
    }

    private CompletableFuture<JoinResult> joinNewMember(JoinRequest request) {
        String memberId = request.clientId() + "-" + UUID.randomUUID();
        if (request.groupInstanceId() != null) {
            String previous = staticMembers.get(request.groupInstanceId());
            return previous != null ? replaceStaticMember(members.get(previous), memberId, request)
                    : addMemberAndRebalance(memberId, request);
        }
        if (request.requireKnownMemberId()) {
            // KIP-394: the member is remembered but not added until it rejoins with this id, so a client that
            // retries JoinGroup after a timeout does not leave ghost members behind.
            pendingMembers.put(memberId, clock.millis() + request.sessionTimeoutMs());
            return done(JoinResult.error(Errors.MEMBER_ID_REQUIRED, memberId));
        }
        return addMemberAndRebalance(memberId, request);
    }

    private CompletableFuture<JoinResult> joinKnownMember(JoinRequest request) {
        String memberId = request.memberId();
        if (pendingMembers.remove(memberId) != null) return addMemberAndRebalance(memberId, request);
        Errors invalid = validateMember(memberId, request.groupInstanceId());
        if (invalid != null) return done(JoinResult.error(invalid, memberId));
        Member member = members.get(memberId);
        switch (state) {
            case PREPARING_REBALANCE -> {
                member.update(request);
                return awaitJoin(member);
            }
            case COMPLETING_REBALANCE, STABLE -> {
                boolean unchanged = member.offersSame(request.protocols());
                // A follower with unchanged metadata just lost the response (or rejoins after Stable for no
                // reason): give it the current generation. The leader rejoining means it wants a new assignment.
                if (unchanged && (state == GroupState.COMPLETING_REBALANCE || !memberId.equals(leaderId))) {
                    return done(currentJoinResult(member, memberId.equals(leaderId), false));
                }
                member.update(request);
                CompletableFuture<JoinResult> result = member.awaitJoin();
                prepareRebalance("member " + memberId + " rejoined" + (unchanged ? "" : " with new metadata"));
                return result;
            }
            default -> {
                return done(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, memberId));
            }
        }
    }

    private CompletableFuture<JoinResult> addMemberAndRebalance(String memberId, JoinRequest request) {
        Member member = new Member(memberId, request);
        members.put(memberId, member);
        if (member.isStatic()) staticMembers.put(member.groupInstanceId, memberId);
        if (leaderId == null) leaderId = memberId;
        if (members.size() == 1) protocolType = request.protocolType();
        member.heartbeat(clock.millis());
        joinedDuringDelay = true;
        CompletableFuture<JoinResult> result = member.awaitJoin();
        if (state == GroupState.PREPARING_REBALANCE) {
            maybeCompleteJoin();
        } else {
            prepareRebalance("member " + memberId + " joined");
        }
        return result;
    }

    /**
     * A static member restarted: it keeps its place (and assignment) under a new member id, and the old id is
     * fenced. In Stable, when the protocol the group would choose stays the same, there is no rebalance at all.
     */
    private CompletableFuture<JoinResult> replaceStaticMember(Member previous, String memberId, JoinRequest request) {
        Member member = new Member(memberId, previous, request);
        previous.fail(Errors.FENCED_INSTANCE_ID);
        members.remove(previous.memberId);
        pendingSync.remove(previous.memberId);
        members.put(memberId, member);
        staticMembers.put(member.groupInstanceId, memberId);
        boolean wasLeader = previous.memberId.equals(leaderId);
        if (wasLeader) leaderId = memberId;
        member.heartbeat(clock.millis());
        log.info("Group {}: static member {} restarted as {}", groupId, member.groupInstanceId, memberId);
        switch (state) {
            case STABLE -> {
                if (protocolName != null && protocolName.equals(selectProtocol())) {
                    return done(currentJoinResult(member, wasLeader && request.supportsSkipAssignment(), wasLeader && request.supportsSkipAssignment()));
                }
                CompletableFuture<JoinResult> result = member.awaitJoin();
                prepareRebalance("static member " + member.groupInstanceId + " rejoined with a different protocol");
                return result;
            }
            case COMPLETING_REBALANCE -> {
                CompletableFuture<JoinResult> result = member.awaitJoin();
                prepareRebalance("static member " + member.groupInstanceId + " rejoined during the sync");
                return result;
            }
            default -> {
                CompletableFuture<JoinResult> result = member.awaitJoin();
                maybeCompleteJoin();
                return result;
            }
        }
    }

    private CompletableFuture<JoinResult> awaitJoin(Member member) {
        CompletableFuture<JoinResult> result = member.awaitJoin();
        maybeCompleteJoin();
        return result;
    }

    private boolean acceptsProtocols(JoinRequest request) {
        if (request.protocolType() == null || request.protocolType().isEmpty() || request.protocols().isEmpty()) return false;
        if (members.isEmpty()) return true;
        if (!request.protocolType().equals(protocolType)) return false;
        for (Member.Protocol offered : request.protocols()) {
            String name = offered.name();
            boolean everyoneElse = members.values().stream()
                    .filter(m -> !m.memberId.equals(request.memberId()))
                    .allMatch(m -> m.supports(name));
            if (everyoneElse) return true;
        }
        return false;
    }

    /** Kafka's choice: among protocols every member supports, the one most members list first. */
    private String selectProtocol() {
        List<String> candidates = new ArrayList<>();
        Member first = members.values().iterator().next();
        for (Member.Protocol protocol : first.protocols) {
            if (members.values().stream().allMatch(m -> m.supports(protocol.name()))) candidates.add(protocol.name());
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (Member member : members.values()) {
            for (Member.Protocol preferred : member.protocols) {
                if (votes.containsKey(preferred.name())) {
                    votes.merge(preferred.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (best == null || vote.getValue() > votes.get(best)) best = vote.getKey();
        }
        return best;
    }

    // ------------------------------------------------------------------------------------- rebalance phases

    private void prepareRebalance(String reason) {
        if (state == GroupState.COMPLETING_REBALANCE) {
            members.values().forEach(m -> {
                m.assignment = Member.NO_ASSIGNMENT;
                m.completeSync(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
            });
        }
        pendingSync.clear();
        boolean wasEmpty = state == GroupState.EMPTY;
        transition(GroupState.PREPARING_REBALANCE);
        long now = clock.millis();
        log.info("Group {}: preparing rebalance of generation {}: {}", groupId, generationId, reason);
        if (wasEmpty && config.initialRebalanceDelayMs() > 0) {
            inInitialDelay = true;
            joinedDuringDelay = false;
            initialDelayRemainingMs = Math.max(0, rebalanceTimeoutMs() - config.initialRebalanceDelayMs());
            rebalanceDeadlineMs = now + config.initialRebalanceDelayMs();
            return;
        }
        inInitialDelay = false;
        rebalanceDeadlineMs = now + rebalanceTimeoutMs();
        maybeCompleteJoin();
    }

    private void maybeCompleteJoin() {
        if (state != GroupState.PREPARING_REBALANCE || inInitialDelay) return;
        boolean allJoined = pendingMembers.isEmpty() && members.values().stream().allMatch(Member::isAwaitingJoin);
        if (allJoined) completeJoin();
    }

    /** Ends the join phase: forgets dynamic members that did not rejoin, bumps the generation, answers the joins. */
    private void completeJoin() {
        for (Member member : List.copyOf(members.values())) {
            if (!member.isAwaitingJoin() && !member.isStatic()) {
                log.info("Group {}: removing member {} which did not rejoin in time", groupId, member.memberId);
                removeMember(member, Errors.UNKNOWN_MEMBER_ID);
            }
        }
        long now = clock.millis();
        if (members.isEmpty()) {
            generationId++;
            protocolName = null;
            leaderId = null;
            transition(GroupState.EMPTY);
            journal.groupChanged(this);
            return;
        }
        if (members.values().stream().noneMatch(Member::isAwaitingJoin)) {
            // Only offline static members remain; wait for them to return or for their sessions to expire.
            rebalanceDeadlineMs = now + rebalanceTimeoutMs();
            return;
        }
        if (leaderId == null || !members.get(leaderId).isAwaitingJoin()) {
            leaderId = members.values().stream().filter(Member::isAwaitingJoin).findFirst().orElseThrow().memberId;
        }
        generationId++;
        protocolName = selectProtocol();
        transition(GroupState.COMPLETING_REBALANCE);
        rebalanceDeadlineMs = now + rebalanceTimeoutMs();
        pendingSync.addAll(members.keySet());
        journal.groupChanged(this);
        log.info("Group {}: generation {} with {} members, leader {}, protocol {}", groupId, generationId, members.size(), leaderId, protocolName);
        for (Member member : members.values()) {
            if (!member.isAwaitingJoin()) continue;
            boolean isLeader = member.memberId.equals(leaderId);
            member.completeJoin(currentJoinResult(member, isLeader, false));
            member.heartbeat(now);
        }
    }

    private JoinResult currentJoinResult(Member member, boolean withMembers, boolean skipAssignment) {
        List<JoinResult.JoinedMember> list = new ArrayList<>();
        if (withMembers) {
            for (Member m : members.values()) list.add(new JoinResult.JoinedMember(m.memberId, m.groupInstanceId, m.metadata(protocolName)));
        }
        return new JoinResult(Errors.NONE, member.memberId, generationId, protocolType, protocolName,
                leaderId == null ? "" : leaderId, skipAssignment, list);
    }

    private int rebalanceTimeoutMs() {
        int timeout = 0;
        for (Member member : members.values()) timeout = Math.max(timeout, member.rebalanceTimeoutMs);
        return timeout;
    }

    private void transition(GroupState next) {
        state = next;
        stateTimestampMs = clock.millis();
    }

    // ------------------------------------------------------------------------------------------------ sync

    synchronized CompletableFuture<SyncResult> sync(String memberId, String groupInstanceId, int generation,
                                                    String requestProtocolType, String requestProtocolName,
                                                    Map<String, byte[]> assignments) {
        if (state == GroupState.DEAD) return done(SyncResult.error(Errors.COORDINATOR_NOT_AVAILABLE));
        Errors invalid = validateMember(memberId, groupInstanceId);
        if (invalid != null) return done(SyncResult.error(invalid));
        if (generation != generationId) return done(SyncResult.error(Errors.ILLEGAL_GENERATION));
        if (requestProtocolType != null && !requestProtocolType.equals(protocolType)
                || requestProtocolName != null && !requestProtocolName.equals(protocolName)) {
            return done(SyncResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        Member member = members.get(memberId);
        switch (state) {
            case PREPARING_REBALANCE -> {
                return done(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
            }
            case COMPLETING_REBALANCE -> {
                member.heartbeat(clock.millis());
                pendingSync.remove(memberId);
                CompletableFuture<SyncResult> result = member.awaitSync();
                if (memberId.equals(leaderId)) {
                    for (Member m : members.values()) m.assignment = assignments.getOrDefault(m.memberId, Member.NO_ASSIGNMENT);
                    transition(GroupState.STABLE);
                    for (Member m : members.values()) m.completeSync(syncResult(m));
                }
                return result;
            }
            case STABLE -> {
                member.heartbeat(clock.millis());
                pendingSync.remove(memberId);
                return done(syncResult(member));
            }
            default -> {
                return done(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
            }
        }
    }

    private SyncResult syncResult(Member member) {
        return new SyncResult(Errors.NONE, protocolType, protocolName, member.assignment);
    }

    // ------------------------------------------------------------------------------------ heartbeat, leave

    synchronized Errors heartbeat(String memberId, String groupInstanceId, int generation) {
        if (state == GroupState.DEAD) return Errors.COORDINATOR_NOT_AVAILABLE;
        Errors invalid = validateMember(memberId, groupInstanceId);
        if (invalid != null) return invalid;
        if (generation != generationId) return Errors.ILLEGAL_GENERATION;
        members.get(memberId).heartbeat(clock.millis());
        return state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** Removes one member (LeaveGroup); by instance id for static members. Returns the per-member error. */
    synchronized Errors leave(String memberId, String groupInstanceId) {
        if (state == GroupState.DEAD) return Errors.COORDINATOR_NOT_AVAILABLE;
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) return Errors.UNKNOWN_MEMBER_ID;
            if (!memberId.isEmpty() && !memberId.equals(current)) return Errors.FENCED_INSTANCE_ID;
            memberId = current;
        } else if (pendingMembers.remove(memberId) != null) {
            maybeCompleteJoin();
            return Errors.NONE;
        }
        Member member = members.get(memberId);
        if (member == null) return Errors.UNKNOWN_MEMBER_ID;
        log.info("Group {}: member {} left", groupId, memberId);
        removeMemberAndRebalance(member, "member " + memberId + " left");
        return Errors.NONE;
    }

    private void removeMemberAndRebalance(Member member, String reason) {
        removeMember(member, Errors.UNKNOWN_MEMBER_ID);
        switch (state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin();
            default -> { }
        }
    }

    private void removeMember(Member member, Errors answer) {
        member.fail(answer);
        members.remove(member.memberId);
        pendingSync.remove(member.memberId);
        if (member.isStatic() && member.memberId.equals(staticMembers.get(member.groupInstanceId))) {
            staticMembers.remove(member.groupInstanceId);
        }
        if (member.memberId.equals(leaderId)) leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
    }

    /** Kafka's member check: a known static instance with another member id is fenced; an unknown id is unknown. */
    private Errors validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current != null && !current.equals(memberId)) return Errors.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? null : Errors.UNKNOWN_MEMBER_ID;
    }

    // ------------------------------------------------------------------------------------------- deadlines

    /** Expires pending members and sessions, and ends join and sync phases whose time is up. */
    synchronized void tick() {
        long now = clock.millis();
        if (pendingMembers.values().removeIf(deadline -> deadline <= now)) maybeCompleteJoin();
        for (Member member : List.copyOf(members.values())) {
            if (members.containsKey(member.memberId) && member.sessionExpired(now)) {
                log.info("Group {}: member {} timed out after {} ms without a heartbeat", groupId, member.memberId, member.sessionTimeoutMs);
                removeMemberAndRebalance(member, "session timeout of " + member.memberId);
            }
        }
        if (state == GroupState.PREPARING_REBALANCE && now >= rebalanceDeadlineMs) {
            if (inInitialDelay && joinedDuringDelay && initialDelayRemainingMs > 0) {
                long delay = Math.min(config.initialRebalanceDelayMs(), initialDelayRemainingMs);
                initialDelayRemainingMs -= delay;
                joinedDuringDelay = false;
                rebalanceDeadlineMs = now + delay;
            } else {
                inInitialDelay = false;
                completeJoin();
            }
        } else if ((state == GroupState.COMPLETING_REBALANCE || state == GroupState.STABLE)
                && !pendingSync.isEmpty() && now >= rebalanceDeadlineMs) {
            for (String memberId : List.copyOf(pendingSync)) {
                Member member = members.get(memberId);
                if (member != null) {
                    log.info("Group {}: removing member {} which did not send SyncGroup in time", groupId, memberId);
                    removeMember(member, Errors.REBALANCE_IN_PROGRESS);
                }
            }
            pendingSync.clear();
            prepareRebalance("members did not sync in time");
        }
    }

    /** Answers every parked request with {@code error}; the broker is stopping. */
    synchronized void abandon(Errors error) {
        members.values().forEach(m -> m.fail(error));
    }

    // ---------------------------------------------------------------------------------------------- offsets

    /** Kafka's {@code ClassicGroup.validateOffsetCommit}; null when the commit may proceed. */
    synchronized Errors validateCommit(String memberId, String groupInstanceId, int generation) {
        if (state == GroupState.DEAD) return Errors.COORDINATOR_NOT_AVAILABLE;
        if (generation < 0 && state == GroupState.EMPTY) return null;
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            Errors invalid = validateMember(memberId, groupInstanceId);
            if (invalid != null) return invalid;
            if (generation != generationId) return Errors.ILLEGAL_GENERATION;
        } else if (state != GroupState.EMPTY) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (state == GroupState.COMPLETING_REBALANCE) return Errors.REBALANCE_IN_PROGRESS;
        return null;
    }

    /** Applies a durable commit, or a tombstone when {@code committed} is null, unless a later record already won. */
    synchronized void applyOffset(TopicPartition partition, CommittedOffset committed, long logOffset) {
        CommittedOffset current = offsets.get(partition);
        if (current != null && current.logOffset() > logOffset) return;
        if (committed == null) offsets.remove(partition);
        else offsets.put(partition, committed);
    }

    synchronized Map<TopicPartition, CommittedOffset> offsets() { return Map.copyOf(offsets); }

    synchronized CommittedOffset offset(TopicPartition partition) { return offsets.get(partition); }

    /**
     * Offsets due for deletion: those of partitions that no longer exist, and all of an empty group's offsets
     * whose commit, and the moment the group became empty, are both older than the retention (KIP-211: offsets of
     * an active group never expire).
     */
    synchronized List<TopicPartition> expiredOffsets(long nowMs, Predicate<TopicPartition> partitionExists) {
        List<TopicPartition> expired = new ArrayList<>();
        offsets.forEach((partition, committed) -> {
            long since = Math.max(stateTimestampMs, committed.commitTimestampMs());
            boolean retentionPassed = state == GroupState.EMPTY && nowMs - since >= config.offsetsRetentionMs();
            // Offsets of a deleted topic must not leak into a new topic created under the same name.
            if (retentionPassed || !partitionExists.test(partition)) expired.add(partition);
        });
        return expired;
    }

    // ----------------------------------------------------------------------------- replay, describe, delete

    /** Restores what the group record says; members are not restored, they rejoin. */
    synchronized void restore(OffsetRecords.GroupValue value) {
        generationId = value.generationId();
        protocolType = value.protocolType();
        protocolName = null;
        // A group that had members when the broker stopped has been empty since the restart.
        stateTimestampMs = value.memberCount() == 0 ? value.stateTimestampMs() : clock.millis();
    }

    synchronized OffsetRecords.GroupValue record() {
        return new OffsetRecords.GroupValue(generationId, protocolType, protocolName, members.size(), stateTimestampMs);
    }

    /** Marks an empty group dead so that late requests retry against a fresh one; false if it has members. */
    synchronized boolean markDeadIfEmpty() {
        if (state != GroupState.EMPTY || !pendingMembers.isEmpty()) return false;
        transition(GroupState.DEAD);
        return true;
    }

    synchronized GroupState state() { return state; }
    synchronized int generationId() { return generationId; }
    synchronized String protocolType() { return protocolType; }
    synchronized String protocolName() { return protocolName; }
    synchronized String leaderId() { return leaderId; }

    /** A consistent picture of the group for DescribeGroups, ListGroups and the CLI. */
    record Snapshot(String groupId, GroupState state, int generationId, String protocolType, String protocolName,
                    String leaderId, List<MemberSnapshot> members) { }

    record MemberSnapshot(String memberId, String groupInstanceId, String clientId, String clientHost,
                          byte[] metadata, byte[] assignment) { }

    synchronized Snapshot snapshot() {
        List<MemberSnapshot> list = new ArrayList<>();
        for (Member m : members.values()) {
            list.add(new MemberSnapshot(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    protocolName == null ? Member.NO_ASSIGNMENT : m.metadata(protocolName), m.assignment));
        }
        return new Snapshot(groupId, state, generationId, protocolType, protocolName, leaderId, list);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
