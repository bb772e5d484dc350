"""kafka-python (Debian python3-kafka 2.0.2) against a Kafka-compatible broker.

    kafka_python_compat.py BOOTSTRAP SCENARIO PREFIX

Prints one JSON object per line; the JUnit test (io.brook.tests.compat.KafkaPythonTest) parses them
and asserts. Every line has "event". Unexpected exceptions print {"event": "error", ...} and exit 1.
"""
import json
import sys
import time
import traceback

import kafka
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition, codec
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic

BOOTSTRAP, SCENARIO, PREFIX = sys.argv[1], sys.argv[2], sys.argv[3]
TIMEOUT_S = 20


def emit(event, **fields):
    fields["event"] = event
    print(json.dumps(fields, sort_keys=True), flush=True)


def admin(**kw):
    return KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="compat-admin", request_timeout_ms=15000, **kw)


def create(adm, name, partitions, configs=None):
    resp = adm.create_topics([NewTopic(name, partitions, 1, topic_configs=configs or {})], timeout_ms=10000)
    errors = [list(t)[1] for t in resp.topic_errors]
    if any(errors):
        raise RuntimeError("create_topics %s: %r" % (name, resp))


def record_json(m):
    return {
        "topic": m.topic, "partition": m.partition, "offset": m.offset, "timestamp": m.timestamp,
        "key": None if m.key is None else m.key.decode(),
        "value": None if m.value is None else m.value.decode(),
        "headers": [[k, v.decode()] for k, v in (m.headers or [])],
    }


def read_assigned(topic, partitions, expected, timeout_s=TIMEOUT_S, **kw):
    """assign + seek_to_beginning; returns records in the order they arrived."""
    c = KafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False, consumer_timeout_ms=3000, **kw)
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    c.assign(tps)
    c.seek_to_beginning(*tps)
    got = []
    deadline = time.time() + timeout_s
    while len(got) < expected and time.time() < deadline:
        for batch in c.poll(timeout_ms=500).values():
            got.extend(batch)
    c.close()
    return got


def scenario_versions():
    """What kafka-python infers from ApiVersions, and which versions it would use."""
    c = kafka.KafkaClient(bootstrap_servers=BOOTSTRAP)
    emit("inferred", api_version=list(c.config["api_version"]))
    c.close()
    emit("codecs", gzip=codec.has_gzip(), snappy=codec.has_snappy(), lz4=codec.has_lz4(), zstd=codec.has_zstd())


def scenario_admin():
    adm = admin()
    a, b = PREFIX + "-a", PREFIX + "-b"
    resp = adm.create_topics([NewTopic(a, 3, 1), NewTopic(b, 1, 1, topic_configs={"retention.ms": "3600000",
                                                                                   "cleanup.policy": "compact"})],
                             timeout_ms=10000)
    emit("created", errors={t[0]: t[1] for t in resp.topic_errors})
    try:
        adm.create_topics([NewTopic(a, 3, 1)], timeout_ms=10000)
        emit("created_again", error=None)
    except kafka.errors.KafkaError as e:
        emit("created_again", error=type(e).__name__)
    emit("listed", topics=sorted(t for t in adm.list_topics() if t.startswith(PREFIX)))
    described = adm.describe_topics([a, b])
    emit("described", topics={t["topic"]: {"error": t["error_code"], "internal": t["is_internal"],
                                           "partitions": sorted(p["partition"] for p in t["partitions"]),
                                           "leaders": sorted({p["leader"] for p in t["partitions"]}),
                                           "replicas": [len(p["replicas"]) for p in t["partitions"]]}
                              for t in described})
    cluster = adm.describe_cluster()
    emit("cluster", brokers=len(cluster["brokers"]), controller=cluster["controller_id"],
         cluster_id=cluster.get("cluster_id"))
    cfg = adm.describe_configs([ConfigResource(ConfigResourceType.TOPIC, b, configs={"retention.ms": None, "cleanup.policy": None})])
    values = {}
    for r in cfg:
        for res in r.resources:
            for entry in res[4]:
                values[entry[0]] = entry[1]
    emit("configs", values=values)
    resp = adm.create_partitions({a: NewPartitions(5)}, timeout_ms=10000)
    emit("partitions_created", errors={t[0]: t[1] for t in resp.topic_errors})
    emit("described_after_grow", partitions=len(adm.describe_topics([a])[0]["partitions"]))
    resp = adm.delete_topics([a, b], timeout_ms=10000)
    emit("deleted", errors={t[0]: t[1] for t in resp.topic_error_codes})
    deadline = time.time() + TIMEOUT_S
    left = None
    while time.time() < deadline:
        left = sorted(t for t in adm.list_topics() if t.startswith(PREFIX))
        if not left:
            break
        time.sleep(0.2)
    emit("listed_after_delete", topics=left)
    try:
        adm.delete_topics([a], timeout_ms=10000)
        emit("deleted_again", error=None)
    except kafka.errors.KafkaError as e:
        emit("deleted_again", error=type(e).__name__)
    adm.close()


def produce_all(topic, n, acks, compression, partition=None, **kw):
    p = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks=acks, compression_type=compression, linger_ms=5,
                      retries=3, **kw)
    futures = []
    for i in range(n):
        headers = [("h", ("hv-%d" % i).encode()), ("compression", str(compression).encode())]
        futures.append(p.send(topic, key=("k-%d" % i).encode(), value=("v-%d-%s" % (i, "x" * (i % 40))).encode(),
                              headers=headers, partition=partition))
    metas = [f.get(timeout=TIMEOUT_S) for f in futures]
    p.close()
    return metas


def scenario_produce_consume():
    adm = admin()
    variants = [(1, None), ("all", "gzip"), (1, "snappy"), ("all", "lz4"), (1, "zstd")]
    for acks, comp in variants:
        if comp == "snappy" and not codec.has_snappy() or comp == "lz4" and not codec.has_lz4() \
                or comp == "zstd" and not codec.has_zstd():
            emit("skipped", compression=comp)
            continue
        topic = "%s-%s" % (PREFIX, comp or "none")
        create(adm, topic, 1)
        metas = produce_all(topic, 100, acks, comp, partition=0)
        emit("produced", topic=topic, acks=str(acks), compression=comp,
             offsets=[m.offset for m in metas], partitions=sorted({m.partition for m in metas}))
        got = read_assigned(topic, 1, 100)
        emit("consumed", topic=topic, compression=comp, records=[record_json(m) for m in got])
    adm.close()


def scenario_offsets():
    adm = admin()
    topic = PREFIX + "-times"
    create(adm, topic, 1)
    adm.close()
    p = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    base = int(time.time() * 1000) - 100000
    for i in range(10):
        p.send(topic, partition=0, value=("t%d" % i).encode(), timestamp_ms=base + i * 1000).get(timeout=TIMEOUT_S)
    p.close()
    c = KafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False)
    tp = TopicPartition(topic, 0)
    emit("beginning", offsets={str(k.partition): v for k, v in c.beginning_offsets([tp]).items()})
    emit("end", offsets={str(k.partition): v for k, v in c.end_offsets([tp]).items()})
    found = {}
    for label, ts in (("before", base - 5000), ("exact3", base + 3000), ("between", base + 4500),
                      ("after", base + 50000)):
        r = c.offsets_for_times({tp: ts})[tp]
        found[label] = None if r is None else {"offset": r.offset, "timestamp": r.timestamp}
    emit("for_times", base=base, found=found)
    c.close()


def scenario_group():
    adm = admin()
    topic, group = PREFIX + "-g", PREFIX + "-group"
    create(adm, topic, 3)
    p = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    for i in range(60):
        p.send(topic, key=("k%d" % i).encode(), value=("g%d" % i).encode())
    p.flush()
    p.close()

    def consume(expected, label):
        c = KafkaConsumer(topic, bootstrap_servers=BOOTSTRAP, group_id=group, auto_offset_reset="earliest",
                          enable_auto_commit=False, session_timeout_ms=10000, heartbeat_interval_ms=1000)
        got = []
        deadline = time.time() + TIMEOUT_S
        while len(got) < expected and time.time() < deadline:
            for batch in c.poll(timeout_ms=500).values():
                got.extend(batch)
        # one more short poll: nothing beyond what is expected
        if expected == 0:
            for batch in c.poll(timeout_ms=1500).values():
                got.extend(batch)
        c.commit()
        committed = {str(tp.partition): c.committed(tp) for tp in sorted(c.assignment())}
        emit("group_consumed", label=label, values=[m.value.decode() for m in got],
             assignment=sorted(tp.partition for tp in c.assignment()), committed=committed)
        c.close()

    consume(60, "first")
    offsets = adm.list_consumer_group_offsets(group)
    emit("group_offsets", offsets={str(tp.partition): o.offset for tp, o in offsets.items()})
    groups = adm.list_consumer_groups()
    emit("groups", groups=[g[0] for g in groups if g[0] == group], types=[g[1] for g in groups if g[0] == group])
    desc = adm.describe_consumer_groups([group])[0]
    emit("group_described", state=desc.state, protocol_type=desc.protocol_type, members=len(desc.members))
    p = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks=1)
    for i in range(60, 66):
        p.send(topic, key=("k%d" % i).encode(), value=("g%d" % i).encode())
    p.close()
    consume(6, "resumed")
    adm.close()


def scenario_old_versions():
    """Explicit old api_version settings: produce + assign/consume, each outcome reported."""
    adm = admin()
    for av in ((0, 10, 1), (1, 0, 0), (2, 0, 0)):
        label = ".".join(map(str, av))
        topic = "%s-v%s" % (PREFIX, label.replace(".", "-"))
        create(adm, topic, 1)
        try:
            p = KafkaProducer(bootstrap_servers=BOOTSTRAP, api_version=av, acks=1, retries=0,
                              max_block_ms=10000, request_timeout_ms=10000)
            metas = [p.send(topic, partition=0, key=b"k%d" % i, value=b"v%d" % i).get(timeout=TIMEOUT_S)
                     for i in range(5)]
            p.close()
            emit("old_produce", api_version=label, ok=True, offsets=[m.offset for m in metas])
        except Exception as e:  # noqa: BLE001 - the outcome is the result
            emit("old_produce", api_version=label, ok=False, error=type(e).__name__, detail=str(e))
            # fill the topic with a supported client so the consume half is still exercised
            produce_all(topic, 5, 1, None, partition=0)
        try:
            # Fetch v3 (0.10.1) is gone from Kafka 4: expect nothing, so don't wait long for it
            got = read_assigned(topic, 1, 5, timeout_s=5 if av < (1, 0, 0) else TIMEOUT_S, api_version=av)
            emit("old_consume", api_version=label, ok=len(got) == 5, values=[m.value.decode() for m in got])
        except Exception as e:  # noqa: BLE001
            emit("old_consume", api_version=label, ok=False, error=type(e).__name__, detail=str(e))
        try:
            a = admin(api_version=av)
            emit("old_metadata", api_version=label, ok=True, has_topic=topic in a.list_topics())
            a.close()
        except Exception as e:  # noqa: BLE001
            emit("old_metadata", api_version=label, ok=False, error=type(e).__name__, detail=str(e))
    adm.close()


SCENARIOS = {
    "versions": scenario_versions,
    "admin": scenario_admin,
    "produce_consume": scenario_produce_consume,
    "offsets": scenario_offsets,
    "group": scenario_group,
    "old_versions": scenario_old_versions,
}

if __name__ == "__main__":
    try:
        SCENARIOS[SCENARIO]()
        emit("done")
    except Exception as e:  # noqa: BLE001
        emit("error", error=type(e).__name__, detail=str(e), trace=traceback.format_exc())
        sys.exit(1)
