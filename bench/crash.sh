#!/usr/bin/env bash
# The crash tests (issue 11): a real Eventlog under load, its WildFly JVM (which holds the embedded
# Artemis broker) and its PostgreSQL postmaster killed with kill -9 and restarted, and after each
# restart: no accepted event lost, every owed webhook delivered at least once, duplicates and
# recovery times counted (dev.eventlog.bench.Crash). `--short` (CI, a few minutes): one kill of each
# kind; `--long`: three of each, with more load. Black box, on ports of its own so that it runs beside
# the tests (offset 100) and the run command (offset 0): WildFly with port offset 700 (HTTP 8780,
# management 10690) and its own server directory, PostgreSQL on 15733 with its data in target/crash.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=${1:---short}
case "$mode" in
  --short | --long) ;;
  *) echo "usage: bench/crash.sh [--short|--long]" >&2; exit 2 ;;
esac
offset=700
http=$((8080 + offset))
management=$((9990 + offset))
dbport=15733
token=crash-token
work=$root/target/crash
mkdir -p "$work"
log=$work/servers.log
: > "$log"

# 1. The WAR, a configured WildFly and DevPostgres, unless the last build made them from these sources.
source bench/built.sh
pgdir=$work/postgres

# Its ports must be free: a server left by another run would answer in this one's place.
for port in $http $management $dbport; do
  if (exec 3<> /dev/tcp/127.0.0.1/$port) 2> /dev/null; then
    echo "Port $port is in use (another crash run, or a server left running?): stopping here." >&2
    exit 1
  fi
done

# Whatever happens from here on, no WildFly and no PostgreSQL of ours is left running.
cleanup() {
  status=$?
  if [ -f "$work/wildfly.pid" ]; then
    pid=$(cat "$work/wildfly.pid")
    kill -9 "$pid" 2> /dev/null || true
    while kill -0 "$pid" 2> /dev/null; do sleep 0.2; done
    rm -f "$work/wildfly.pid"
  fi
  $devdb stop --dir="$pgdir" >> "$log" 2>&1 || true
  exit "$status"
}
trap cleanup EXIT

# 2. A server directory of its own (configuration, the WAR, the broker's journal, the transaction
#    log), so this server never shares state with the tests' or the run command's.
rm -rf "$work/standalone"
mkdir -p "$work/standalone/deployments"
cp -r target/server/standalone/configuration "$work/standalone/"
# The run command (bench/run.sh, just before in CI) leaves its deployment in the configuration, with
# content that lives in target/server only: booting with it beside the scanned WAR fails as a
# duplicate. This server's one deployment is the WAR below.
perl -0pi -e 's{\s*<deployments>.*?</deployments>}{}s' "$work/standalone/configuration/standalone-full.xml"
cp target/eventlog.war "$work/standalone/deployments/eventlog.war"

# 3. The start commands the harness runs, first and after each kill. PostgreSQL is durable (DevPostgres'
#    default): a killed postmaster must lose nothing that was committed.
rm -rf "$pgdir/data"
cat > "$work/start-postgres.sh" << SH
exec $devdb start --dir=$pgdir --port=$dbport --database=eventlog
SH
cat > "$work/start-wildfly.sh" << SH
cd $root
export JBOSS_PIDFILE=$work/wildfly.pid LAUNCH_JBOSS_IN_BACKGROUND=1
export JAVA_OPTS="-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
export EVENTLOG_DB_URL=jdbc:postgresql://127.0.0.1:$dbport/eventlog EVENTLOG_SYSTEM_TOKEN=$token
# Webhooks go to the harness's receiver on loopback; owed dispatches are swept 10 s after their due time.
export EVENTLOG_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8 EVENTLOG_DISPATCH_SWEEP_GRACE_SECONDS=10
exec target/server/bin/standalone.sh -c standalone-full.xml -Djboss.server.base.dir=$work/standalone \
  -Djboss.socket.binding.port-offset=$offset
SH
chmod +x "$work/start-postgres.sh" "$work/start-wildfly.sh"
echo "Starting PostgreSQL on port $dbport (log: $log) ..."
$devdb start --dir="$pgdir" --port=$dbport --database=eventlog --fresh >> "$log" 2>&1

# 4. The harness: starts WildFly, loads, kills, restarts, checks, prints the figures; exits 1 on a loss.
mvn -B -ntp -q -f bench/pom.xml compile exec:java -Dbench.main=dev.eventlog.bench.Crash -Dexec.args="$mode \
  --base=http://127.0.0.1:$http --health=http://127.0.0.1:$management/health/ready --token=$token \
  --db-url=jdbc:postgresql://127.0.0.1:$dbport/eventlog --log=$log \
  --wildfly-start=$work/start-wildfly.sh --wildfly-pid=$work/wildfly.pid \
  --postgres-start=$work/start-postgres.sh --postgres-pid=$pgdir/data/postmaster.pid"
