package dev.herald.broker.group;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.herald.broker.group.ConsumerGroupTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kafka-clients Admin API's group operations, as {@code kafka-consumer-groups} uses them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminGroupsTest {
    @TempDir Path dataDir;
    Broker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withGroupInitialRebalanceDelayMs(0));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("sales", 2, (short) 1))).all().get();
    }

    @AfterEach
    void stop() throws Exception {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    private static final TopicPartition P0 = new TopicPartition("sales", 0);
    private static final TopicPartition P1 = new TopicPartition("sales", 1);

    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void listsDescribesAltersAndDeletesConsumerGroups() throws Exception {
        try (PollingConsumer a = new PollingConsumer(broker.bootstrapServers(), "reports", "sales", Map.of());
             PollingConsumer b = new PollingConsumer(broker.bootstrapServers(), "reports", "sales", Map.of())) {
            await("both consumers own a partition", 30_000, () -> a.assignment().size() == 1 && b.assignment().size() == 1);
            a.commit(Map.of(a.assignment().iterator().next(), new OffsetAndMetadata(5, "from a")));
            b.commit(Map.of(b.assignment().iterator().next(), new OffsetAndMetadata(7)));

            assertThat(admin.listConsumerGroups().all().get()).extracting(ConsumerGroupListing::groupId).contains("reports");
            assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get())
                    .filteredOn(g -> g.groupId().equals("reports")).singleElement()
                    .satisfies(g -> assertThat(g.type()).contains(GroupType.CLASSIC))
                    .extracting(GroupListing::groupState).isEqualTo(java.util.Optional.of(GroupState.STABLE));

            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of("reports")).all().get().get("reports");
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(description.partitionAssignor()).isEqualTo("range");
            assertThat(description.members()).hasSize(2);
            Set<TopicPartition> assigned = new HashSet<>();
            for (MemberDescription member : description.members()) assigned.addAll(member.assignment().topicPartitions());
            assertThat(assigned).containsExactlyInAnyOrder(P0, P1);

            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("reports").partitionsToOffsetAndMetadata().get();
            assertThat(offsets.values()).extracting(OffsetAndMetadata::offset).containsExactlyInAnyOrder(5L, 7L);

            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("reports")).all().get()).hasCauseInstanceOf(GroupNotEmptyException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets("reports", Set.of(P0)).all().get())
                    .hasCauseInstanceOf(GroupSubscribedToTopicException.class);
        }
        await("the group is empty", 20_000, () -> describeState("reports") == GroupState.EMPTY);

        admin.alterConsumerGroupOffsets("reports", Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(2))).all().get();
        assertThat(admin.listConsumerGroupOffsets("reports").partitionsToOffsetAndMetadata().get())
                .containsEntry(P0, new OffsetAndMetadata(1)).containsEntry(P1, new OffsetAndMetadata(2));

        admin.deleteConsumerGroupOffsets("reports", Set.of(P1)).all().get();
        assertThat(admin.listConsumerGroupOffsets("reports").partitionsToOffsetAndMetadata().get()).containsOnlyKeys(P0);

        admin.deleteConsumerGroups(List.of("reports")).all().get();
        assertThat(admin.listConsumerGroups().all().get()).extracting(ConsumerGroupListing::groupId).doesNotContain("reports");
        assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("reports")).all().get()).hasCauseInstanceOf(GroupIdNotFoundException.class);
    }

    private GroupState describeState(String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
