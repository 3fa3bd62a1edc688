#!/usr/bin/env python3
# two-servers.py URL_A URL_B CODES_FILE — concurrent pushes through two
# juzhu-server processes on one PostgreSQL database, and readers pulling
# from both while they run: every reader must see every change set that
# was acknowledged, once. A seq taken by a transaction that commits after
# a later one would slip behind a reader's cursor and never reach it.
#
# CODES_FILE: one line per device, "writer CODE" or "reader CODE".
# Prints TAP lines, numbered on from JZ_TAP_DONE (the caller ends the plan).
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import random
import sys
import threading
import time
import urllib.request

URLS = sys.argv[1:3]
ROUNDS = int(os.environ.get("JZ_TWO_SERVERS_ROUNDS", "40"))
PER_PUSH = 4

n = int(os.environ.get("JZ_TAP_DONE", "0"))  # the tests the script before us printed
def ok(what):
    global n
    n += 1
    print(f"ok {n} - {what}", flush=True)

def fail(what):
    print(f"not ok - {what}", flush=True)
    sys.exit(1)

def call(url, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + "/api/v1/" + path, data=data, method="POST" if data else "GET")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as answer:
        return json.loads(answer.read())

def uuid7(rand):
    ms = int(time.time() * 1000)
    b = bytearray(ms.to_bytes(6, "big") + rand.randbytes(10))
    b[6] = 0x70 | (b[6] & 0x0f)
    b[8] = 0x80 | (b[8] & 0x3f)
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

def id_number(n):
    """A valid (GB 11643) and made-up citizen ID number, the n-th."""
    body = f"220102{1970 + n % 40}0101{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]

devices = []
for i, line in enumerate(open(sys.argv[3])):
    kind, code = line.split()
    site = random.Random(i).randbytes(16).hex()
    answer = call(URLS[i % 2], "enrol", body={"code": code, "site": site, "device_name": f"{kind} {i}"})
    devices.append({"kind": kind, "site": site, "token": answer["token"], "hlc": answer["server_hlc"]})
ok(f"{len(devices)} devices enrolled through both servers")

pushed = set()
pushed_lock = threading.Lock()
errors = []
writing = threading.Event()
writing.set()

def writer(d, index):
    rand = random.Random(1000 + index)
    seq = 0
    try:
        for r in range(ROUNDS):
            changes = []
            for _ in range(PER_PUSH):
                seq += 1
                d["hlc"] += 1 << 16
                changes.append({"seq": seq, "record": uuid7(rand), "type": "person", "hlc": d["hlc"],
                                "site": d["site"], "author": f"w{index}",
                                "edits": {"name": f"测试{index}-{seq}",
                                          "id_number": id_number(index * 1000 + seq)}})
            answer = call(URLS[(index + r) % 2], "sync/push", d["token"], {"changes": changes})
            for c, result in zip(changes, answer["results"]):
                if result["status"] != "ok":
                    raise RuntimeError(f"push: {result}")
                with pushed_lock:
                    pushed.add((c["record"], c["hlc"], c["site"]))
    except Exception as e:  # reported below
        errors.append(f"writer {index}: {e}")

def pull_all(d, seen, index, step):
    cursor = d.get("cursor", 0)
    while True:
        page = call(URLS[(index + step) % 2], f"sync/pull?since={cursor}", d["token"])
        step += 1
        for c in page["changes"]:
            key = (c["record"], c["hlc"], c["site"])
            seen[key] = seen.get(key, 0) + 1
        cursor = page["next"]
        d["cursor"] = cursor
        if not page["more"]:
            return step

def reader(d, index, seen):
    step = 0
    try:
        while writing.is_set():
            step = pull_all(d, seen, index, step)
        step = pull_all(d, seen, index, step)
    except Exception as e:
        errors.append(f"reader {index}: {e}")

readers = [d for d in devices if d["kind"] == "reader"]
writers = [d for d in devices if d["kind"] == "writer"]
seen = [dict() for _ in readers]
threads = [threading.Thread(target=reader, args=(d, i, seen[i])) for i, d in enumerate(readers)]
wthreads = [threading.Thread(target=writer, args=(d, i)) for i, d in enumerate(writers)]
start = time.monotonic()
for t in threads + wthreads:
    t.start()
for t in wthreads:
    t.join()
writing.clear()
for t in threads:
    t.join()
elapsed = time.monotonic() - start

if errors:
    fail("; ".join(errors[:3]))
ok(f"{len(pushed)} change sets pushed by {len(writers)} devices through both servers in {elapsed:.1f} s")

for i, s in enumerate(seen):
    missing = pushed - set(s)
    twice = [k for k, v in s.items() if v > 1]
    if missing:
        fail(f"reader {i} never saw {len(missing)} acknowledged change set(s): a seq slipped behind its cursor")
    if twice:
        fail(f"reader {i} saw {len(twice)} change set(s) twice")
    ok(f"reader {i} saw every change set once, pulling from both servers while they were written")

