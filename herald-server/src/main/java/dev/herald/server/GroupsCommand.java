package dev.herald.server;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code herald groups list | describe GROUP | reset-offsets GROUP ...}: consumer groups, their members and lag,
 * and offset resets for replay. Talks to the broker only through the Kafka Admin API (and, for time lag, a
 * group-less consumer reading one record per lagging partition), so it works against Apache Kafka as well.
 *
 * <p>Threading: a command-line tool; everything runs on the calling thread.
 */
@Command(name = "groups", mixinStandardHelpOptions = true, description = "Inspect consumer groups and reset their offsets.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class, GroupsCommand.ResetOffsets.class})
public final class GroupsCommand implements Runnable {
    @Option(names = {"--bootstrap", "-b"}, scope = picocli.CommandLine.ScopeType.INHERIT, description = "Kafka bootstrap address (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1:9092")
    String bootstrap;

    PrintStream out = System.out;

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    /** One partition's position: committed offset (-1 when none), end offset, and age of the first unread record. */
    record Position(TopicPartition partition, long committed, long end, long timeLagMs) {
        long lag() { return committed < 0 ? -1 : Math.max(0, end - committed); }
    }

    /** Committed and end offsets of every partition the group committed or is assigned, with lag in records and time. */
    static Map<TopicPartition, Position> positions(Admin admin, String bootstrap, String group, ConsumerGroupDescription description)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committedOffsets = new TreeMap<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        committed.forEach((partition, offset) -> committedOffsets.put(partition, offset == null ? -1L : offset.offset()));
        if (description != null) {
            for (MemberDescription member : description.members()) {
                member.assignment().topicPartitions().forEach(p -> committedOffsets.putIfAbsent(p, -1L));
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committedOffsets.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, Long> firstUnread = new HashMap<>();
        committedOffsets.forEach((p, offset) -> {
            if (offset >= 0 && ends.containsKey(p) && ends.get(p).offset() > offset) firstUnread.put(p, offset);
        });
        Map<TopicPartition, Long> ages = ages(bootstrap, firstUnread);
        Map<TopicPartition, Position> positions = new LinkedHashMap<>();
        committedOffsets.forEach((p, offset) -> positions.put(p, new Position(p, offset,
                ends.containsKey(p) ? ends.get(p).offset() : -1, ages.getOrDefault(p, offset >= 0 ? 0L : -1L))));
        return positions;
    }

    /** How old the record at each given offset is, read with a consumer that joins no group and commits nothing. */
    private static Map<TopicPartition, Long> ages(String bootstrap, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> ages = new HashMap<>();
        if (offsets.isEmpty()) return ages;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(offsets.keySet());
            offsets.forEach(consumer::seek);
            long deadline = System.currentTimeMillis() + 5_000;
            while (ages.size() < offsets.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!ages.containsKey(partition)) {
                        ages.put(partition, Math.max(0, System.currentTimeMillis() - record.timestamp()));
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
        return ages;
    }

    static String duration(long ms) {
        if (ms < 0) return "-";
        if (ms < 1_000) return ms + "ms";
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() > 0) return d.toHours() + "h" + d.toMinutesPart() + "m";
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toSeconds() + "s";
    }

    static String orDash(long value) { return value < 0 ? "-" : Long.toString(value); }

    /** Prints rows as left-aligned columns, the first row being the header. */
    static void table(PrintStream out, List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], row.get(i).length());
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
            }
            out.println(line);
        }
    }

    static int fail(String message) {
        System.err.println("herald groups: " + message);
        return 1;
    }

    static Throwable cause(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    // ----------------------------------------------------------------------------------------------- list

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List consumer groups with their state, members and total lag.")
    static final class ListGroups implements Callable<Integer> {
        @ParentCommand GroupsCommand parent;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = parent.admin()) {
                List<String> ids = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                        .map(GroupListing::groupId).sorted().toList();
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("GROUP", "STATE", "MEMBERS", "LAG"));
                Map<String, ConsumerGroupDescription> descriptions = ids.isEmpty() ? Map.of() : admin.describeConsumerGroups(ids).all().get();
                for (String id : ids) {
                    ConsumerGroupDescription description = descriptions.get(id);
                    long lag = 0;
                    for (Position position : positions(admin, parent.bootstrap, id, description).values()) lag += Math.max(0, position.lag());
                    rows.add(List.of(id, description.groupState().toString(), Integer.toString(description.members().size()), Long.toString(lag)));
                }
                table(parent.out, rows);
                return 0;
            } catch (ExecutionException e) {
                return fail("listing groups at " + parent.bootstrap + " failed: " + cause(e).getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------- describe

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a group's members and, per partition, committed offset, end offset, lag and time lag.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand GroupsCommand parent;
        @Parameters(paramLabel = "GROUP", description = "The consumer group.") String group;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = parent.admin()) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                PrintStream out = parent.out;
                out.println("Group " + group + ": " + description.groupState() + ", " + description.members().size() + " members"
                        + (description.partitionAssignor().isEmpty() ? "" : ", assignor " + description.partitionAssignor()));
                Map<TopicPartition, MemberDescription> owners = new HashMap<>();
                for (MemberDescription member : description.members()) member.assignment().topicPartitions().forEach(p -> owners.put(p, member));
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "TIME-LAG", "MEMBER", "HOST", "CLIENT-ID"));
                for (Position position : positions(admin, parent.bootstrap, group, description).values()) {
                    MemberDescription owner = owners.get(position.partition());
                    rows.add(List.of(position.partition().topic(), Integer.toString(position.partition().partition()),
                            orDash(position.committed()), orDash(position.end()), orDash(position.lag()), duration(position.timeLagMs()),
                            owner == null ? "-" : owner.consumerId(), owner == null ? "-" : owner.host(), owner == null ? "-" : owner.clientId()));
                }
                out.println();
                table(out, rows);
                return 0;
            } catch (ExecutionException e) {
                return fail("describing group " + group + " failed: " + cause(e).getMessage());
            }
        }
    }

    // -------------------------------------------------------------------------------------- reset-offsets

    @Command(name = "reset-offsets", mixinStandardHelpOptions = true,
            description = "Move a group's committed offsets on a topic, for replay or to skip ahead. The group must have no active members.")
    static final class ResetOffsets implements Callable<Integer> {
        @ParentCommand GroupsCommand parent;
        @Parameters(paramLabel = "GROUP", description = "The consumer group.") String group;
        @Option(names = "--topic", required = true, description = "The topic whose partitions are reset (all of them).") String topic;
        @ArgGroup(exclusive = true, multiplicity = "1") Target target;
        @Option(names = "--dry-run", description = "Show the new offsets without changing anything.") boolean dryRun;

        static final class Target {
            @Option(names = "--to-earliest", description = "The first offset still in the log.") boolean earliest;
            @Option(names = "--to-latest", description = "The end of the log: skip everything not yet read.") boolean latest;
            @Option(names = "--to-offset", paramLabel = "N", description = "This offset, kept within the log's range.") Long offset;
            @Option(names = "--to-time", paramLabel = "TIME",
                    description = "The first record at or after TIME (ISO-8601 like 2026-01-31T12:00:00Z, or epoch milliseconds).") String time;
        }

        @Override
        public Integer call() throws Exception {
            try (Admin admin = parent.admin()) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                List<TopicPartition> partitions = description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, Long> targets = targets(admin, partitions);
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TOPIC", "PARTITION", "NEW-OFFSET"));
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                for (TopicPartition partition : partitions) {
                    rows.add(List.of(topic, Integer.toString(partition.partition()), Long.toString(targets.get(partition))));
                    offsets.put(partition, new OffsetAndMetadata(targets.get(partition)));
                }
                if (!dryRun) admin.alterConsumerGroupOffsets(group, offsets).all().get();
                table(parent.out, rows);
                parent.out.println(dryRun ? "Dry run: nothing changed." : "Offsets of group " + group + " reset.");
                return 0;
            } catch (ExecutionException e) {
                if (cause(e) instanceof UnknownMemberIdException) {
                    return fail("group " + group + " has active members; stop its consumers first, then reset its offsets");
                }
                return fail("resetting offsets of group " + group + " failed: " + cause(e).getMessage());
            } catch (DateTimeParseException | NumberFormatException e) {
                return fail("--to-time wants ISO-8601 (2026-01-31T12:00:00Z) or epoch milliseconds, not '" + target.time + "'");
            }
        }

        private Map<TopicPartition, Long> targets(Admin admin, List<TopicPartition> partitions) throws ExecutionException, InterruptedException {
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
            if (target.earliest) return earliest;
            if (target.latest) return latest;
            Map<TopicPartition, Long> targets = new HashMap<>();
            if (target.offset != null) {
                for (TopicPartition p : partitions) targets.put(p, Math.max(earliest.get(p), Math.min(latest.get(p), target.offset)));
                return targets;
            }
            long timestamp = target.time.chars().allMatch(Character::isDigit) ? Long.parseLong(target.time) : Instant.parse(target.time).toEpochMilli();
            Map<TopicPartition, Long> byTime = offsets(admin, partitions, OffsetSpec.forTimestamp(timestamp));
            // No record at or after the time: the end of the log, as kafka-consumer-groups does.
            for (TopicPartition p : partitions) targets.put(p, byTime.get(p) < 0 ? latest.get(p) : byTime.get(p));
            return targets;
        }

        private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
                throws ExecutionException, InterruptedException {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(p, spec));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((p, info) -> result.put(p, info.offset()));
            return result;
        }
    }
}
