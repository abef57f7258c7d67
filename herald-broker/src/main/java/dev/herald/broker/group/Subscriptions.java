package dev.herald.broker.group;

import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads consumer-protocol subscriptions (the member metadata of groups with protocol type "consumer") to learn
 * which topics a group reads, as OffsetDelete needs. Metadata that does not parse subscribes to nothing.
 *
 * <p>Threading: stateless.
 */
final class Subscriptions {
    private Subscriptions() { }

    static Set<String> topics(Group.Snapshot group) {
        Set<String> topics = new HashSet<>();
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType())) return topics;
        for (Group.MemberSnapshot member : group.members()) {
            if (member.metadata().length == 0) continue;
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(member.metadata())).topics());
            } catch (RuntimeException e) {
                // A client with its own embedded protocol under type "consumer": nothing to learn from it.
            }
        }
        return topics;
    }
}
