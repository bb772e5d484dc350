'use strict'
// kafkajs 2.2.4 against a Kafka-compatible broker.
//
//   node kafkajs_compat.js BOOTSTRAP SCENARIO PREFIX
//
// Prints one JSON object per line (each has "event"); io.brook.tests.compat.KafkaJsTest parses and
// asserts them. An unexpected failure prints {"event":"error",...} and exits 1.
const { Kafka, CompressionTypes, logLevel } = require('kafkajs')

const [bootstrap, scenario, prefix] = process.argv.slice(2)
const TIMEOUT_MS = 30000

const emit = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

const kafka = new Kafka({
  clientId: 'brook-compat',
  brokers: [bootstrap],
  logLevel: logLevel.NOTHING,
  retry: { retries: 8, initialRetryTime: 100 },
  connectionTimeout: 5000,
  requestTimeout: 15000,
})

async function until(predicate, what) {
  const deadline = Date.now() + TIMEOUT_MS
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what)
    await sleep(50)
  }
}

const sortedOffsets = offsets =>
  offsets.map(o => ({ partition: o.partition, offset: o.offset, high: o.high, low: o.low }))
    .sort((a, b) => a.partition - b.partition)

async function createTopic(admin, topic, numPartitions) {
  const created = await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true })
  if (!created) throw new Error('topic already existed: ' + topic)
}

/** Reads `expected` messages of `topic` from the beginning with a throw-away group. */
async function readAll(topic, expected, opts = {}) {
  const consumer = kafka.consumer({ groupId: `${prefix}-reader-${topic}`, ...opts })
  const got = []
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({
        partition,
        offset: Number(message.offset),
        key: message.key && message.key.toString(),
        value: message.value && message.value.toString(),
        headers: Object.fromEntries(Object.entries(message.headers || {}).map(([k, v]) => [k, v.toString()])),
      })
    },
  })
  await until(() => got.length >= expected, `${expected} messages of ${topic}`)
  await sleep(500) // anything beyond what is expected would show up here
  await consumer.disconnect()
  return got
}

async function adminScenario() {
  const admin = kafka.admin()
  await admin.connect()
  const a = `${prefix}-a`
  const b = `${prefix}-b`
  const created = await admin.createTopics({
    topics: [
      { topic: a, numPartitions: 3, replicationFactor: 1 },
      { topic: b, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
    ],
    waitForLeaders: true,
  })
  emit('created', { created })
  emit('created_again', { created: await admin.createTopics({ topics: [{ topic: a, numPartitions: 3 }] }) })
  emit('listed', { topics: (await admin.listTopics()).filter(t => t.startsWith(prefix)).sort() })
  const md = await admin.fetchTopicMetadata({ topics: [a, b] })
  emit('metadata', {
    topics: Object.fromEntries(md.topics.map(t => [t.name, t.partitions.map(p => ({
      partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, error: p.partitionErrorCode,
    })).sort((x, y) => x.partition - y.partition)])),
  })
  const cluster = await admin.describeCluster()
  emit('cluster', { brokers: cluster.brokers.length, controller: cluster.controller, clusterId: cluster.clusterId })
  const producer = kafka.producer()
  await producer.connect()
  const base = Date.now() - 60000
  for (let i = 0; i < 6; i++) {
    await producer.send({ topic: a, acks: -1, messages: [{ partition: i % 3, value: `m${i}`, timestamp: String(base + i * 1000) }] })
  }
  await producer.disconnect()
  emit('offsets', { offsets: sortedOffsets(await admin.fetchTopicOffsets(a)) })
  emit('offsets_by_time', {
    early: sortedOffsets(await admin.fetchTopicOffsetsByTimestamp(a, base - 1000)),
    middle: sortedOffsets(await admin.fetchTopicOffsetsByTimestamp(a, base + 2500)),
    late: sortedOffsets(await admin.fetchTopicOffsetsByTimestamp(a, base + 3600000)),
  })
  const configs = await admin.describeConfigs({ resources: [{ type: 2, name: b, configNames: ['retention.ms'] }], includeSynonyms: false })
  emit('configs', { values: Object.fromEntries(configs.resources[0].configEntries.map(e => [e.configName, e.configValue])) })
  await admin.createPartitions({ topicPartitions: [{ topic: a, count: 5 }] })
  emit('grown', { partitions: (await admin.fetchTopicMetadata({ topics: [a] })).topics[0].partitions.length })
  await admin.deleteTopics({ topics: [a, b] })
  let left
  const deadline = Date.now() + TIMEOUT_MS
  do {
    left = (await admin.listTopics()).filter(t => t.startsWith(prefix))
    if (left.length) await sleep(200)
  } while (left.length && Date.now() < deadline)
  emit('listed_after_delete', { topics: left })
  await admin.disconnect()
}

async function produceScenario() {
  const admin = kafka.admin()
  await admin.connect()
  const variants = [
    { name: 'acks1', acks: 1, compression: CompressionTypes.None },
    { name: 'acksall-gzip', acks: -1, compression: CompressionTypes.GZIP },
    { name: 'idempotent-gzip', acks: -1, compression: CompressionTypes.GZIP, idempotent: true },
  ]
  for (const v of variants) {
    const topic = `${prefix}-${v.name}`
    await createTopic(admin, topic, 3)
    const producer = kafka.producer(v.idempotent ? { idempotent: true, maxInFlightRequests: 5 } : {})
    await producer.connect()
    const sent = []
    for (let batch = 0; batch < 5; batch++) {
      const messages = []
      for (let i = 0; i < 20; i++) {
        const n = batch * 20 + i
        messages.push({ key: `k${n % 7}`, value: `v${n}-${'x'.repeat(n % 30)}`, headers: { n: String(n), variant: v.name } })
      }
      const result = await producer.send({ topic, acks: v.acks, compression: v.compression, messages })
      sent.push(...result.map(r => ({ partition: r.partition, error: r.errorCode, baseOffset: Number(r.baseOffset) })))
    }
    await producer.disconnect()
    emit('produced', { variant: v.name, topic, results: sent })
    const records = await readAll(topic, 100)
    emit('consumed', { variant: v.name, topic, records })
  }
  await admin.disconnect()
}

async function groupScenario() {
  const admin = kafka.admin()
  await admin.connect()
  const topic = `${prefix}-g`
  const groupId = `${prefix}-group`
  await createTopic(admin, topic, 4)
  const producer = kafka.producer()
  await producer.connect()
  const produce = async (from, to) => {
    const messages = []
    for (let i = from; i < to; i++) messages.push({ key: `k${i}`, value: `g${i}` })
    await producer.send({ topic, acks: -1, messages })
  }
  const seen = []
  const assignments = {}
  const startConsumer = async name => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 500, rebalanceTimeout: 10000 })
    consumer.on(consumer.events.GROUP_JOIN, e => {
      assignments[name] = (assignments[name] || []).concat([e.payload.memberAssignment[topic] || []])
    })
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ partition, message }) => { seen.push({ consumer: name, partition, value: message.value.toString() }) },
    })
    return consumer
  }
  await produce(0, 100)
  const c1 = await startConsumer('c1')
  await until(() => seen.length >= 100, 'first 100 messages (c1 alone)')
  const c2 = await startConsumer('c2')
  await until(() => (assignments.c2 || []).some(a => a.length > 0), 'c2 to get partitions')
  await produce(100, 300)
  await until(() => seen.length >= 300, 'all 300 messages')
  await sleep(1000)
  const description = await admin.describeGroups([groupId])
  emit('group_described', {
    state: description.groups[0].state,
    protocolType: description.groups[0].protocolType,
    members: description.groups[0].members.length,
  })
  // Snapshot before leaving: c1's LeaveGroup starts a rebalance that may hand c2 every partition
  // before c2 disconnects too (valid Kafka behaviour, but not the assignment under test).
  const assignedWhileBothMembers = JSON.parse(JSON.stringify(assignments))
  await c1.disconnect()
  await c2.disconnect()
  emit('group_consumed', { seen, assignments: assignedWhileBothMembers })
  const committed = await admin.fetchOffsets({ groupId, topics: [topic] })
  emit('committed', {
    offsets: committed[0].partitions.map(p => ({ partition: p.partition, offset: p.offset })).sort((a, b) => a.partition - b.partition),
    end: sortedOffsets(await admin.fetchTopicOffsets(topic)),
  })
  // restart: a new consumer in the same group resumes from the committed offsets
  await produce(300, 320)
  seen.length = 0
  const c3 = await startConsumer('c3')
  await until(() => seen.length >= 20, '20 messages after the restart')
  await sleep(1500)
  await c3.disconnect()
  emit('resumed', { values: seen.map(s => s.value) })
  await producer.disconnect()
  // the group is Empty once its last member left, and can be deleted
  const after = await admin.describeGroups([groupId])
  emit('group_after_leave', { state: after.groups[0].state })
  await admin.deleteGroups([groupId])
  emit('group_deleted', { groups: (await admin.listGroups()).groups.map(g => g.groupId).filter(g => g === groupId) })
  await admin.disconnect()
}

async function transactionScenario() {
  const admin = kafka.admin()
  await admin.connect()
  const input = `${prefix}-in`
  const output = `${prefix}-out`
  const groupId = `${prefix}-txn-group`
  await createTopic(admin, input, 1)
  await createTopic(admin, output, 2)
  const producer = kafka.producer({ transactionalId: `${prefix}-tx`, idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()

  const committed = await producer.transaction()
  await committed.send({ topic: output, messages: [{ key: 'a', value: 'committed-1' }, { key: 'b', value: 'committed-2' }] })
  await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '42' }] }] })
  await committed.commit()

  const aborted = await producer.transaction()
  await aborted.send({ topic: output, messages: [{ key: 'a', value: 'aborted-1' }, { key: 'b', value: 'aborted-2' }] })
  await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '99' }] }] })
  await aborted.abort()

  const last = await producer.transaction()
  await last.send({ topic: output, messages: [{ key: 'a', value: 'committed-3' }] })
  await last.commit()
  await producer.disconnect()
  emit('transactions_done')

  const readCommitted = await readAll(output, 3)
  emit('read_committed', { values: readCommitted.map(r => r.value).sort() })
  const readUncommitted = await readAll(output, 5, { readUncommitted: true, groupId: `${prefix}-uncommitted` })
  emit('read_uncommitted', { values: readUncommitted.map(r => r.value).sort() })
  const offsets = await admin.fetchOffsets({ groupId, topics: [input] })
  emit('txn_offsets', { offsets: offsets[0].partitions.map(p => ({ partition: p.partition, offset: p.offset })) })
  const end = await admin.fetchTopicOffsets(output)
  emit('txn_end_offsets', { offsets: sortedOffsets(end) })
  await admin.disconnect()
}

const scenarios = {
  admin: adminScenario,
  produce: produceScenario,
  group: groupScenario,
  transaction: transactionScenario,
}

const timer = setTimeout(() => {
  emit('error', { error: 'Timeout', detail: 'scenario took longer than 120 s' })
  process.exit(1)
}, 120000)

scenarios[scenario]()
  .then(() => { emit('done'); clearTimeout(timer); process.exit(0) })
  .catch(e => {
    emit('error', { error: e.name, type: e.type, detail: String(e && e.message), stack: String(e && e.stack) })
    process.exit(1)
  })
