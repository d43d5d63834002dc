#!/usr/bin/env bash
# The benchmark command (issue 5): starts Eventlog as README does (mvn -Prun verify, embedded
# PostgreSQL), runs every scenario of bench/ against it and writes bench/RESULTS.md and
# bench/latency.svg, then stops the server. `bench/run.sh --smoke` does seconds of work (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
export EVENTLOG_SYSTEM_TOKEN=${EVENTLOG_SYSTEM_TOKEN:-bench-token}
# The receivers listen on loopback, which webhooks may target only when allowed.
export EVENTLOG_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
# P4 reads pages back to back with one key, far above a client's rate limit: it measures the
# queries, not the limiter.
export EVENTLOG_API_RATE_LIMIT_PER_SECOND=${EVENTLOG_API_RATE_LIMIT_PER_SECOND:-100000}
export EVENTLOG_API_RATE_LIMIT_BURST=${EVENTLOG_API_RATE_LIMIT_BURST:-100000}
mkdir -p target
log=target/bench-server.log

# Its own process group, so stopping it stops Maven, WildFly and PostgreSQL together.
setsid mvn -B -ntp -Prun verify > "$log" 2>&1 &
server=$!
stop() {
  target/server/bin/jboss-cli.sh --connect --command=:shutdown > /dev/null 2>&1 || true
  kill -- -"$server" 2> /dev/null || true
  wait "$server" 2> /dev/null || true
  # WildFly finishes shutting down on its own: leave only when its management port has closed.
  for _ in $(seq 1 30); do
    (exec 3<> /dev/tcp/127.0.0.1/9990) 2> /dev/null || break
    sleep 1
  done
}
trap stop EXIT

echo "Starting Eventlog (log: $log) ..."
# Until WildFly's management port answers (bash alone: a fresh machine has a JDK and Maven, maybe
# no curl); the harness then waits for /health/ready itself.
for _ in $(seq 1 600); do
  if (exec 3<> /dev/tcp/127.0.0.1/9990) 2> /dev/null; then break; fi
  if ! kill -0 "$server" 2> /dev/null; then echo "The server did not start; see $log" >&2; exit 1; fi
  sleep 1
done

mvn -B -ntp -q -f bench/pom.xml compile exec:java -Dexec.args="${mode} --token=${EVENTLOG_SYSTEM_TOKEN}"
