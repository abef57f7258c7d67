package dev.herald.broker.group;

import org.apache.kafka.common.protocol.Errors;

/** The answer to one SyncGroup: the member's own assignment bytes, passed through exactly as the leader sent them. */
record SyncResult(Errors error, String protocolType, String protocolName, byte[] assignment) {
    static SyncResult error(Errors error) {
        return new SyncResult(error, null, null, Member.NO_ASSIGNMENT);
    }
}
