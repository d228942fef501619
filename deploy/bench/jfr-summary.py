#!/usr/bin/env python3
"""Summarises a gateway JFR recording of the benchmark: where the CPU samples of the request threads
(Vert.x event loops, Quarkus workers) and of the other threads go, by the first matching part of each
stack (the categories below, in order). Usage: deploy/bench/jfr-summary.py recording.jfr [jfr-binary]"""
import collections
import re
import subprocess
import sys

CATEGORIES = [  # (label, substrings of a frame), first match along the stack from the top wins
    ("JWT verification (smallrye-jwt, jose4j, RSA)", ["io.smallrye.jwt", "org.jose4j", "sun.security.rsa", "java.math.BigInteger"]),
    ("logging", ["org.jboss.logmanager", "org.jboss.logging"]),
    ("audit (chain, codec, wait)", ["io.datarun.gateway.audit"]),
    ("access log (usage events)", ["io.datarun.gateway.usage"]),
    ("store lookup (Streams IQ, RocksDB)", ["org.rocksdb", "org.apache.kafka.streams.state", "io.datarun.gateway.store"]),
    ("Avro decode", ["org.apache.avro", "io.datarun.schemas.wire"]),
    ("JSON (Jackson)", ["com.fasterxml.jackson"]),
    ("grants, policy, projection, forms", ["io.datarun.gateway.access", "io.datarun.gateway.reads", "io.datarun.gateway.grants", "io.datarun.gateway.forms", "io.datarun.gateway.limits"]),
    ("Kafka client (producer, consumer)", ["org.apache.kafka.clients", "org.apache.kafka.common"]),
    ("Kafka Streams (processing)", ["org.apache.kafka.streams"]),
    ("HTTP, REST, CDI, security framework", ["io.vertx", "io.netty", "org.jboss.resteasy", "io.quarkus", "io.smallrye", "jakarta."]),
]


# The read path on the worker threads (where RESTEasy runs the blocking record reads; the blank
# endpoint runs on the event loops): share of the worker samples whose stack passes through each
# step, so a step's callees count for it (inclusive), unlike the first-match categories above.
READ_PATH = [
    ("a record read, all of it (DatasetResource.read)", "io.datarun.gateway.api.DatasetResource.read"),
    ("store lookup (RecordStore.find)", "io.datarun.gateway.store.RecordStore.find"),
    ("response JSON (Jackson writer)", "BasicServerJacksonMessageBodyWriter.writeResponse"),
    ("access log (AccessLog.record)", "io.datarun.gateway.usage.AccessLog.record"),
    ("projection (RecordProjection.project)", "io.datarun.gateway.access.RecordProjection.project"),
    ("Avro decode (RecordCodec.decode)", "io.datarun.schemas.wire.RecordCodec.decode"),
    ("rate limit filter", "io.datarun.gateway.api.RateLimitFilter"),
    ("caller from the token (CallerResolver.current)", "io.datarun.gateway.access.CallerResolver.current"),
    ("grant decision (AccessPolicy.decide)", "io.datarun.gateway.access.AccessPolicy.decide"),
    ("audit: submit and wait (AuditTrail.record)", "io.datarun.gateway.audit.AuditTrail.record"),
    ("subject id check (Guards.subject)", "io.datarun.gateway.access.Guards.subject"),
]


def category(frames):
    for frame in frames:
        for label, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return label
    return "other (JDK, JIT, GC helpers)"


def main():
    recording = sys.argv[1]
    jfr = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    text = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording],
                          capture_output=True, text=True, check=True).stdout
    groups = collections.defaultdict(collections.Counter)
    workers = 0
    read_path = collections.Counter()
    for event in text.split("jdk.ExecutionSample")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        name = thread.group(1) if thread else "?"
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        if name.startswith("vert.x-eventloop") or name.startswith("executor-thread") or name.startswith("vert.x-worker"):
            group = "request threads"
        elif "StreamThread" in name or "-StreamThread-" in name:
            group = "Kafka Streams threads"
        else:
            group = "other threads"
        groups[group][category(frames)] += 1
        if name.startswith("executor-thread"):
            workers += 1
            for label, needle in READ_PATH:
                if any(needle in frame for frame in frames):
                    read_path[label] += 1
    for group in ("request threads", "Kafka Streams threads", "other threads"):
        counts = groups.get(group)
        if not counts:
            continue
        total = sum(counts.values())
        print(f"{group}: {total} samples")
        for label, n in counts.most_common():
            print(f"  {100.0 * n / total:5.1f} %  {n:6d}  {label}")
    if workers:
        print(f"read path on the worker threads: {workers} samples (inclusive: a step's callees count for it)")
        for label, _ in READ_PATH:
            print(f"  {100.0 * read_path[label] / workers:5.1f} %  {read_path[label]:6d}  {label}")


if __name__ == "__main__":
    main()
