#!/usr/bin/env python3
"""Consolidation on a simulated note-autosave workload (Python 3, standard library only).

Notes are edited in sessions: an editor autosaves about once a second (jittered), pauses longer
than the window between sessions, and sometimes a second user edits the same note. Every save is
its own ingest request, as a real application would send it, from many threads at once.

The ideal count applies DESIGN §3 to the saves' own timestamps: per (note, user), a save joins the
open burst if it is less than the window after the burst's first save. The script reports saves
received, events stored (from /api/v1/system/metrics/ and, per note, from the Event Log API) and
the ideal, and exits non-zero if a note has more or fewer events than the ideal.

    EVENTLOG_SYSTEM_TOKEN=devtoken mvn -Prun verify        # terminal 1
    python3 bench/autosave_measure.py [notes] [sessions]     # terminal 2 (defaults: 40 3)
"""
import base64
import datetime
import json
import os
import random
import sys
import threading
import time
import urllib.request

BASE = os.environ.get("EVENTLOG_URL", "http://localhost:8080")
TOKEN = os.environ.get("EVENTLOG_SYSTEM_TOKEN", "devtoken")
WINDOW = float(os.environ.get("EVENTLOG_CONSOLIDATION_WINDOW", "5"))


def call(method, path, key, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", "Basic " + base64.b64encode((key + ":").encode()).decode())
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode()
        return json.loads(text) if text.startswith(("{", "[")) else text


def metrics():
    values = {}
    for line in call("GET", "/api/v1/system/metrics/", TOKEN).splitlines():
        if line and not line.startswith("#"):
            name, value = line.split(" ")
            values[name] = float(value)
    return values


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def edit_note(org, ingest_key, note, sessions, saves, latencies, rng):
    text = ""
    for session in range(sessions):
        user = "user_%d" % (1 if session % 3 else 2)  # every third session by another user
        for _ in range(rng.randint(3, 12)):
            before, text = text, text + rng.choice("abcdefgh ")
            at = now_utc()
            call("POST", "/api/v1/internal/event/", ingest_key, {
                "organization_id": org, "object_type": "activity.note", "object_id": note,
                "action": "updated", "user_id": user, "date_created": at.isoformat(timespec="microseconds"),
                "before": {"id": note, "note": before}, "after": {"id": note, "note": text}})
            saves.append((note, user, at))
            latencies.append((now_utc() - at).total_seconds())
            time.sleep(rng.uniform(0.6, 1.4))
        time.sleep(WINDOW + rng.uniform(1, 3))


def ideal_bursts(saves):
    count, opened = 0, {}
    for note, user, at in sorted(saves, key=lambda s: s[2]):
        start = opened.get((note, user))
        if start is None or (at - start).total_seconds() >= WINDOW:
            opened[(note, user)] = at
            count += 1
    return count


def events_of(admin_key, note):
    found, cursor = 0, None
    while True:
        path = "/api/v1/event/?object_id=%s&_limit=50" % note + ("&_cursor=" + cursor if cursor else "")
        page = call("GET", path, admin_key)
        found += len(page["data"])
        cursor = page["cursor_next"]
        if not cursor:
            return found


def main():
    notes = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    tenant = call("POST", "/api/v1/system/organization/", TOKEN,
                  {"name": "autosave bench", "admin": {"email": "bench@example.test"}})
    org, admin_key = tenant["organization"]["id"], tenant["api_key"]["key"]
    ingest_key = call("POST", "/api/v1/system/ingest_key/", TOKEN, {"description": "autosave bench"})["key"]

    before = metrics()
    saves, latencies = [], []
    started = time.time()
    threads = [threading.Thread(target=edit_note, args=(org, ingest_key, "acti_note%03d" % i, sessions, saves,
                                                          latencies, random.Random(i))) for i in range(notes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started

    ideal = ideal_bursts(saves)
    deadline = time.time() + 60
    while True:  # wait until every save is taken in
        after = metrics()
        received = after["eventlog_ingest_events_received_total"] - before["eventlog_ingest_events_received_total"]
        if received >= len(saves) or time.time() > deadline:
            break
        time.sleep(0.5)
    stored = after["eventlog_ingest_events_stored_total"] - before["eventlog_ingest_events_stored_total"]
    in_log = sum(events_of(admin_key, "acti_note%03d" % i) for i in range(notes))

    print("notes %d, sessions per note %d, window %.1f s, %.0f s of editing" % (notes, sessions, WINDOW, elapsed))
    print("saves sent %d, received %d" % (len(saves), received))
    latencies.sort()
    print("ingest call latency (save stamped to 202) p50 %.0f ms, p95 %.0f ms, max %.0f ms" % (
        1000 * latencies[len(latencies) // 2], 1000 * latencies[int(len(latencies) * 0.95)], 1000 * latencies[-1]))
    print("events stored %d (metrics), %d (Event Log API), ideal %d" % (stored, in_log, ideal))
    print("consolidation ratio %.2f saves per event (ideal %.2f); %.1f %% fewer events than saves"
          % (len(saves) / stored, len(saves) / ideal, 100.0 * (1 - stored / len(saves))))
    sys.exit(0 if stored == ideal == in_log else 1)


if __name__ == "__main__":
    main()
