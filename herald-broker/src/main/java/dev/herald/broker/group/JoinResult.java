package dev.herald.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * The answer to one JoinGroup, independent of the wire version; the handler shapes it for the request's version.
 *
 * @param members the group's members with their metadata for the chosen protocol; only the leader gets them
 */
record JoinResult(Errors error, String memberId, int generationId, String protocolType, String protocolName,
                  String leaderId, boolean skipAssignment, List<JoinedMember> members) {

    record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) { }

    static JoinResult error(Errors error, String memberId) {
        return new JoinResult(error, memberId, -1, null, null, "", false, List.of());
    }
}
