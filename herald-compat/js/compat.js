// kafkajs 2.2.4 scenarios that herald-compat's KafkaJsCompatibilityTest drives against a Kafka-protocol broker.
//
//   node compat.js admin   BOOTSTRAP TOPIC                 create (3 partitions, a config), describe, add a partition, delete
//   node compat.js produce BOOTSTRAP TOPIC COUNT CODEC     idempotent producer, keyed messages, CODEC none|gzip
//   node compat.js consume BOOTSTRAP TOPIC GROUP COUNT     consumer group from the beginning, commit COUNT records, leave
//   node compat.js group   BOOTSTRAP TOPIC GROUP           two members share the partitions; one leaves, the other takes all
//
// Each command prints one JSON object on stdout and exits 0, or prints the error on stderr and exits 1.
// (kafkajs has only gzip built in: snappy, lz4 and zstd need codec plugins, so they are not tested here.)
'use strict'

const { Kafka, logLevel, CompressionTypes, ConfigResourceTypes } = require('kafkajs')

const TIMEOUT_MS = 45000
// Short long-polls and heartbeats: disconnect waits for the fetch in flight, and members only learn of a
// rebalance on their next heartbeat (defaults 5 s and 3 s).
const CONSUMER_TIMING = { sessionTimeout: 10000, heartbeatInterval: 500, maxWaitTimeInMs: 500 }

function client(bootstrap, clientId) {
  return new Kafka({
    clientId,
    brokers: bootstrap.split(','),
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 8, initialRetryTime: 100 },
    logLevel: logLevel.WARN,
    // stdout carries the result; kafkajs' own log goes to stderr, where the test shows it on failure.
    logCreator: () => ({ namespace, level, log }) => {
      console.error(JSON.stringify({ level, namespace, message: log.message, error: log.error }))
    },
  })
}

async function admin(bootstrap, topic) {
  const kafkaAdmin = client(bootstrap, 'herald-compat-admin').admin()
  await kafkaAdmin.connect()
  try {
    const created = await kafkaAdmin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      waitForLeaders: true,
    })
    const metadata = await kafkaAdmin.fetchTopicMetadata({ topics: [topic] })
    const configs = await kafkaAdmin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    })
    await kafkaAdmin.createPartitions({ topicPartitions: [{ topic, count: 4 }] })
    // The controller acknowledges before every broker applies the change: read until it shows (or time out).
    let grown
    for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline;) {
      grown = await kafkaAdmin.fetchTopicMetadata({ topics: [topic] })
      if (grown.topics[0].partitions.length === 4) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    const offsets = await kafkaAdmin.fetchTopicOffsets(topic)
    const listed = await kafkaAdmin.listTopics()
    await kafkaAdmin.deleteTopics({ topics: [topic], timeout: 15000 })
    let deleted = false
    for (const deadline = Date.now() + TIMEOUT_MS; !deleted && Date.now() < deadline;) {
      deleted = !(await kafkaAdmin.listTopics()).includes(topic)
      if (!deleted) await new Promise(resolve => setTimeout(resolve, 100))
    }
    return {
      created,
      partitions: metadata.topics[0].partitions.length,
      retentionMs: configs.resources[0].configEntries.find(e => e.configName === 'retention.ms').configValue,
      partitionsAfterGrowth: grown.topics[0].partitions.length,
      offsets: offsets.map(o => ({ partition: o.partition, low: o.low, high: o.high })),
      listed: listed.includes(topic),
      deleted,
    }
  } finally {
    await kafkaAdmin.disconnect()
  }
}

async function produce(bootstrap, topic, count, codec) {
  const producer = client(bootstrap, 'herald-compat-producer').producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  try {
    const compression = codec === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None
    const messages = []
    for (let i = 0; i < Number(count); i++) {
      messages.push({ key: `key-${i}`, value: `kafkajs ${codec} value ${i}`, headers: { seq: String(i) } })
    }
    const results = await producer.send({ topic, acks: -1, compression, messages })
    return { results: results.map(r => ({ partition: r.partition, errorCode: r.errorCode, baseOffset: r.baseOffset })) }
  } finally {
    await producer.disconnect()
  }
}

async function consume(bootstrap, topic, group, count) {
  const consumer = client(bootstrap, 'herald-compat-consumer').consumer({ groupId: group, ...CONSUMER_TIMING })
  await consumer.connect()
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    const records = []
    let done
    const enough = new Promise(resolve => { done = resolve })
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (records.length < Number(count)) {
          records.push({ partition, offset: Number(message.offset), key: message.key.toString(), value: message.value.toString() })
          if (records.length === Number(count)) done()
        }
      },
    })
    await enough
    const next = {}
    for (const r of records) next[r.partition] = Math.max(next[r.partition] || 0, r.offset + 1)
    await consumer.commitOffsets(Object.entries(next).map(([partition, offset]) =>
      ({ topic, partition: Number(partition), offset: String(offset) })))
    return { records }
  } finally {
    await consumer.disconnect()
  }
}

async function group(bootstrap, topic, groupId) {
  const kafka = client(bootstrap, 'herald-compat-group')
  const members = [kafka.consumer({ groupId, ...CONSUMER_TIMING }), kafka.consumer({ groupId, ...CONSUMER_TIMING })]
  const assignments = [[], []]
  members.forEach((member, i) => member.on(member.events.GROUP_JOIN, event => {
    assignments[i] = event.payload.memberAssignment[topic] || []
  }))
  const partitionCount = await (async () => {
    const admin = kafka.admin()
    await admin.connect()
    try {
      return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length
    } finally {
      await admin.disconnect()
    }
  })()
  const until = async (what, condition) => {
    for (const deadline = Date.now() + TIMEOUT_MS; !condition();) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(assignments)}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  try {
    for (const member of members) {
      await member.connect()
      await member.subscribe({ topics: [topic], fromBeginning: true })
      await member.run({ eachMessage: async () => {} })
    }
    await until('both members to share every partition', () =>
      assignments[0].length > 0 && assignments[1].length > 0 &&
      new Set([...assignments[0], ...assignments[1]]).size === partitionCount &&
      assignments[0].length + assignments[1].length === partitionCount)
    const shared = assignments.map(a => [...a].sort())
    await members[0].disconnect()
    await until('the remaining member to own every partition', () => assignments[1].length === partitionCount)
    return { partitionCount, shared, afterLeave: [...assignments[1]].sort() }
  } finally {
    for (const member of members) await member.disconnect()
  }
}

const commands = { admin, produce, consume, group }
const [command, ...args] = process.argv.slice(2)
if (!commands[command]) {
  console.error('usage: node compat.js admin|produce|consume|group BOOTSTRAP ...')
  process.exit(2)
}
const timer = setTimeout(() => {
  console.error(`${command} did not finish within ${TIMEOUT_MS} ms`)
  process.exit(1)
}, TIMEOUT_MS + 10000)
commands[command](...args).then(result => {
  clearTimeout(timer)
  console.log(JSON.stringify(result))
  process.exit(0)
}, error => {
  console.error(error && error.stack ? error.stack : String(error))
  process.exit(1)
})
