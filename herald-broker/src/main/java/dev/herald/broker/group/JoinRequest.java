package dev.herald.broker.group;

import java.util.List;

/**
 * A JoinGroup as the group sees it, independent of the wire version.
 *
 * @param memberId             empty for a member joining for the first time
 * @param requireKnownMemberId JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED with its id
 * @param supportsSkipAssignment JoinGroup v9+: a rejoining static leader may be told to skip the assignment
 */
record JoinRequest(String groupId, String memberId, String groupInstanceId, String protocolType,
                   List<Member.Protocol> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs, String clientId,
                   String clientHost, boolean requireKnownMemberId, boolean supportsSkipAssignment) {
}
