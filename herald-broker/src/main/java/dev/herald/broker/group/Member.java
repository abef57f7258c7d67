package dev.herald.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, the protocols it offered in its last JoinGroup, its assignment, when
 * its session expires, and the parked JoinGroup or SyncGroup response it is waiting for, if any.
 *
 * <p>Threading: guarded by the monitor of the {@link Group} that holds it.
 */
final class Member {
    static final byte[] NO_ASSIGNMENT = new byte[0];

    /** One protocol a member supports, with the metadata it sends for it (for consumers, the subscription). */
    record Protocol(String name, byte[] metadata) {
        boolean sameAs(Protocol other) {
            return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
        }
    }

    final String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = NO_ASSIGNMENT;
    long sessionDeadlineMs;
    private CompletableFuture<JoinResult> awaitingJoin;
    private CompletableFuture<SyncResult> awaitingSync;

    Member(String memberId, JoinRequest request) {
        this.memberId = memberId;
        this.groupInstanceId = request.groupInstanceId();
        update(request);
    }

    /** A static member's replacement: a new member id for the same instance, keeping its assignment. */
    Member(String memberId, Member previous, JoinRequest request) {
        this(memberId, request);
        this.assignment = previous.assignment;
    }

    void update(JoinRequest request) {
        clientId = request.clientId();
        clientHost = request.clientHost();
        sessionTimeoutMs = request.sessionTimeoutMs();
        rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        protocols = request.protocols();
    }

    boolean isStatic() { return groupInstanceId != null; }

    /** True when {@code offered} is exactly what this member offered before: no rebalance is needed. */
    boolean offersSame(List<Protocol> offered) {
        if (offered.size() != protocols.size()) return false;
        for (int i = 0; i < offered.size(); i++) if (!offered.get(i).sameAs(protocols.get(i))) return false;
        return true;
    }

    boolean supports(String protocol) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocol));
    }

    byte[] metadata(String protocol) {
        for (Protocol p : protocols) if (p.name().equals(protocol)) return p.metadata();
        return NO_ASSIGNMENT;
    }

    void heartbeat(long nowMs) {
        sessionDeadlineMs = nowMs + sessionTimeoutMs;
    }

    /** Members parked in JoinGroup or SyncGroup cannot heartbeat, so their session is kept alive (as Kafka does). */
    boolean sessionExpired(long nowMs) {
        return awaitingJoin == null && awaitingSync == null && nowMs >= sessionDeadlineMs;
    }

    boolean isAwaitingJoin() { return awaitingJoin != null; }
    boolean isAwaitingSync() { return awaitingSync != null; }

    /**
     * Parks a JoinGroup. A second JoinGroup from the same member (a client retrying after its request timed out)
     * replaces the first, whose connection is answered with REBALANCE_IN_PROGRESS so that it does not hang.
     */
    CompletableFuture<JoinResult> awaitJoin() {
        if (awaitingJoin != null) awaitingJoin.complete(JoinResult.error(Errors.REBALANCE_IN_PROGRESS, memberId));
        awaitingJoin = new CompletableFuture<>();
        return awaitingJoin;
    }

    void completeJoin(JoinResult result) {
        if (awaitingJoin == null) return;
        awaitingJoin.complete(result);
        awaitingJoin = null;
    }

    CompletableFuture<SyncResult> awaitSync() {
        if (awaitingSync != null) awaitingSync.complete(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
        awaitingSync = new CompletableFuture<>();
        return awaitingSync;
    }

    void completeSync(SyncResult result) {
        if (awaitingSync == null) return;
        awaitingSync.complete(result);
        awaitingSync = null;
    }

    /** Answers whatever this member is parked on with {@code error} (it left, was fenced, or the broker stops). */
    void fail(Errors error) {
        completeJoin(JoinResult.error(error, memberId));
        completeSync(SyncResult.error(error));
    }
}
