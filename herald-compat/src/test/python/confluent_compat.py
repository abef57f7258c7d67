"""confluent-kafka-python (librdkafka) scenarios that herald-compat's ConfluentKafkaPythonTest drives.

Run with Debian's interpreter and package (python3-confluent-kafka), never a virtualenv:
    /usr/bin/python3 -I confluent_compat.py <command> <bootstrap> ...

Commands print one JSON object on stdout and exit 0, or print the error on stderr and exit 1:
    create-topic   BOOTSTRAP TOPIC PARTITIONS        AdminClient.create_topics with a config, then metadata
    produce        BOOTSTRAP TOPIC CODEC COUNT        keyed, idempotent, acks=all, compression.type=CODEC
    consume-group  BOOTSTRAP TOPIC GROUP COUNT        subscribe, read COUNT records, commit them, leave
    member         BOOTSTRAP TOPIC GROUP              stay in the group until killed, printing one JSON line
                                                      {"assigned": [partitions]} per assignment
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

TIMEOUT_S = 30


def create_topic(bootstrap, topic, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics(
        [NewTopic(topic, num_partitions=int(partitions), replication_factor=1,
                  config={"retention.ms": "3600000", "cleanup.policy": "delete"})],
        operation_timeout=TIMEOUT_S)
    futures[topic].result(timeout=TIMEOUT_S)
    deadline = time.time() + TIMEOUT_S
    while True:
        metadata = admin.list_topics(topic=topic, timeout=TIMEOUT_S)
        found = metadata.topics.get(topic)
        if found is not None and found.error is None and len(found.partitions) == int(partitions):
            break
        if time.time() > deadline:
            raise RuntimeError("topic %s not in metadata after %ss: %s" % (topic, TIMEOUT_S, found))
        time.sleep(0.1)
    resource = ConfigResource("topic", topic)
    configs = admin.describe_configs([resource])[resource].result(timeout=TIMEOUT_S)
    return {"partitions": len(found.partitions),
            "leaders": sorted(p.leader for p in found.partitions.values()),
            "retention.ms": configs["retention.ms"].value}


def produce(bootstrap, topic, codec, count):
    producer = Producer({"bootstrap.servers": bootstrap, "compression.type": codec, "enable.idempotence": True,
                         "acks": "all", "linger.ms": 50})
    delivered, failed = [], []

    def on_delivery(err, msg):
        if err is not None:
            failed.append(str(err))
        else:
            delivered.append([msg.partition(), msg.offset(), msg.key().decode()])

    for i in range(int(count)):
        producer.produce(topic, key="key-%d" % i, value="%s value %d %s" % (codec, i, "y" * 200),
                         on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(TIMEOUT_S)
    if failed or remaining:
        raise RuntimeError("%d failed (%s), %d not delivered" % (len(failed), failed[:3], remaining))
    return {"delivered": delivered}


def consume_group(bootstrap, topic, group, count):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "session.timeout.ms": 10000})
    records = []
    try:
        consumer.subscribe([topic])
        deadline = time.time() + TIMEOUT_S
        while len(records) < int(count):
            if time.time() > deadline:
                raise RuntimeError("consumed %d of %s records in %ss" % (len(records), count, TIMEOUT_S))
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            records.append([msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode()])
        next_offsets = {}
        for partition, offset, _, _ in records:
            next_offsets[partition] = max(next_offsets.get(partition, 0), offset + 1)
        consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in next_offsets.items()], asynchronous=False)
        committed = consumer.committed([TopicPartition(topic, p) for p in next_offsets], timeout=TIMEOUT_S)
        return {"records": records, "committed": {str(tp.partition): tp.offset for tp in committed}}
    finally:
        consumer.close()


def member(bootstrap, topic, group):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})

    def on_assign(_, partitions):
        print(json.dumps({"assigned": sorted(p.partition for p in partitions)}), flush=True)

    consumer.subscribe([topic], on_assign=on_assign)
    while True:  # until the test kills this process; it must not leave the group by itself
        msg = consumer.poll(0.2)
        if msg is not None and msg.error():
            raise KafkaException(msg.error())


COMMANDS = {"create-topic": create_topic, "produce": produce, "consume-group": consume_group, "member": member}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:])))
    except Exception as error:  # report any client error to the test, which shows stderr
        print("%s: %s" % (type(error).__name__, error), file=sys.stderr)
        sys.exit(1)
