package dev.herald.broker.group;

/**
 * The states of a classic (JoinGroup/SyncGroup) consumer group, with Kafka's names as DescribeGroups and ListGroups
 * report them.
 *
 * <pre>
 *                       first JoinGroup
 *        +-------+ ----------------------------&gt; +--------------------+
 *        | Empty |                               | PreparingRebalance | &lt;-----------------------+
 *        +-------+ &lt;---------------------------- +--------------------+                          |
 *          |  ^      join completes, no members      |  all known members rejoined,               |
 *          |  |                                      |  or the rebalance timeout passed           |
 *          |  |                                      v                                            |
 *          |  |                            +---------------------+  member joins, leaves, times   |
 *          |  |                            | CompletingRebalance | ---------------------------------+
 *          |  |                            +---------------------+  out, or changes its metadata  |
 *          |  |                                      |  leader's SyncGroup                        |
 *          |  |                                      v                                            |
 *          |  |                                 +--------+  member joins, leaves, times out,      |
 *          |  |                                 | Stable | ---------------------------------------+
 *          |  |                                 +--------+  leader rejoins, metadata changes
 *          |  |
 *          |  +-- (offsets remain; they expire after offsets.retention.minutes)
 *          v
 *        +------+  DeleteGroups, or the last offset expired: the group is removed; requests that still hold
 *        | Dead |  it get COORDINATOR_NOT_AVAILABLE and retry against a fresh group.
 *        +------+
 * </pre>
 *
 * <p>What each state answers (Kafka's {@code ClassicGroupState}):
 * <ul>
 *   <li>Empty: JoinGroup starts a rebalance; SyncGroup, Heartbeat and LeaveGroup get UNKNOWN_MEMBER_ID; simple
 *       commits (generation -1) are accepted.</li>
 *   <li>PreparingRebalance: JoinGroup responses are parked until the join completes; Heartbeat and SyncGroup get
 *       REBALANCE_IN_PROGRESS; commits of the current generation are accepted.</li>
 *   <li>CompletingRebalance: follower SyncGroups are parked until the leader's SyncGroup brings the assignment;
 *       commits get REBALANCE_IN_PROGRESS.</li>
 *   <li>Stable: heartbeats are answered normally; SyncGroup returns the stored assignment.</li>
 * </ul>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name Kafka uses on the wire and in tools ("PreparingRebalance"). */
    public String kafkaName() { return kafkaName; }

    /** Parses a state name as ListGroups filters send it; case-insensitive, null when unknown. */
    static GroupState fromKafkaName(String name) {
        for (GroupState state : values()) if (state.kafkaName.equalsIgnoreCase(name)) return state;
        return null;
    }
}
