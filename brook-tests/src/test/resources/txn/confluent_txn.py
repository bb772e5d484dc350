#!/usr/bin/env python3
"""Transactional produce with librdkafka (confluent-kafka): abort one transaction, commit another,
then read back with read_committed and read_uncommitted. Prints a JSON summary; exit 0 on success."""
import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]

p = Producer({"bootstrap.servers": bootstrap, "transactional.id": "py-" + topic,
              "transaction.timeout.ms": 30000})
p.init_transactions(15)
p.begin_transaction()
for i in range(3):
    p.produce(topic, key=b"k", value=("aborted-%d" % i).encode())
p.flush(15)
p.abort_transaction(15)
p.begin_transaction()
for i in range(3):
    p.produce(topic, key=b"k", value=("committed-%d" % i).encode())
p.commit_transaction(15)


def read(isolation):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-" + isolation + "-" + topic,
                  "isolation.level": isolation, "enable.auto.commit": False,
                  "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(topic, 0, 0)])
    values, deadline = [], time.time() + 15
    while time.time() < deadline:
        m = c.poll(0.2)
        if m is None:
            if len(values) >= 3 and isolation == "read_committed" or len(values) >= 6:
                break
            continue
        if m.error():
            continue
        values.append(m.value().decode())
    c.close()
    return values


rc, ru = read("read_committed"), read("read_uncommitted")
print(json.dumps({"read_committed": rc, "read_uncommitted": ru}))
ok = rc == ["committed-0", "committed-1", "committed-2"] and \
    ru == ["aborted-0", "aborted-1", "aborted-2", "committed-0", "committed-1", "committed-2"]
sys.exit(0 if ok else 1)
