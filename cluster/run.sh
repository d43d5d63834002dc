#!/usr/bin/env bash
# Eventlog on several nodes, on one machine (README, "Running several nodes"; issue 13): one PostgreSQL,
# a standalone ActiveMQ Artemis pair (primary and backup on a shared store: server-config/artemis),
# N WildFly nodes running the same WAR with the same server-config/ (plus remote-broker.cli: the
# nodes keep no messages of their own), and a small round-robin balancer in front of them.
#
#   cluster/run.sh [--nodes=N]          start it all and keep it running until Ctrl-C (N = 2)
#   cluster/run.sh --test=short|long    the failure tests: kill -9 of a node and of the live broker
#                                       under load (dev.eventlog.bench.ClusterCrash); exits 1 on a loss
#   cluster/run.sh --bench              1-node against 2-node throughput (dev.eventlog.bench.ClusterBench)
#
# Everything it starts is stopped when it exits, however it exits. Ports (none shared with the tests,
# the run command or the crash tests): balancer 8200, node i HTTP 8080+100(i+1) and management
# 9990+100(i+1) (node 1: 8280 / 10190, node 2: 8380 / 10290), brokers 61916 (primary) and 61917
# (backup), PostgreSQL 15833. Files: target/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

nodes=2 mode=run
for arg in "$@"; do
  case "$arg" in
    --nodes=*) nodes=${arg#--nodes=} ;;
    --test=short | --test=long) mode=test-${arg#--test=} ;;
    --bench) mode=bench ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
[ "$mode" = run ] || nodes=2
# The newest Artemis whose distribution (the bin tar.gz) Maven Central serves here; the client in the
# WAR's server and the tests is newer, and speaks the same core protocol.
artemis_version=2.40.0
work=$root/target/cluster
balancer_port=8200 primary_port=61916 backup_port=61917 dbport=15833
export EVENTLOG_SYSTEM_TOKEN=${EVENTLOG_SYSTEM_TOKEN:-cluster-token}
# The failure tests check that a subscription's ceiling holds for the whole cluster with a small one.
case "$mode" in test-*) export EVENTLOG_WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION=4 ;; esac
mkdir -p "$work"
log=$work/servers.log
: > "$log"

for port in $balancer_port $primary_port $backup_port $dbport $(for i in $(seq 1 "$nodes"); do
    echo $((8080 + 100 * (i + 1))) $((9990 + 100 * (i + 1))); done); do
  if (exec 3<> /dev/tcp/127.0.0.1/"$port") 2> /dev/null; then
    echo "Port $port is in use (another cluster run, or a server left running?): stopping here." >&2
    exit 1
  fi
done

# 1. The WAR and a configured WildFly (target/server) and DevPostgres (bench/built.sh), the bench
#    harness, and the Artemis distribution from Maven Central. Each is skipped when it is up to date.
source bench/built.sh
mvn -B -ntp -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile="$work/bench.classpath" >> "$work/build.log" 2>&1
artemis_home=$work/apache-artemis-$artemis_version
if [ ! -x "$artemis_home/bin/artemis" ]; then
  echo "Unpacking ActiveMQ Artemis $artemis_version (Maven Central: org.apache.activemq:apache-artemis:bin) ..."
  mvn -B -ntp -q dependency:unpack -Dartifact=org.apache.activemq:apache-artemis:$artemis_version:tar.gz:bin \
    -DoutputDirectory="$work" >> "$work/build.log" 2>&1
fi
bench_java="java -cp $root/bench/target/classes:$(cat "$work/bench.classpath")"

# Whatever happens from here on, nothing this script started is left running: each process runs in
# a process group of its own (setsid), whose id its start command writes to target/cluster/<name>.group
# (<name>.pid is the server's own pid, which the failure tests kill), and PostgreSQL is stopped by
# DevPostgres.
cleanup() {
  status=$?
  for file in "$work"/*.group "$work"/*.pid; do
    [ -f "$file" ] || continue
    pid=$(head -1 "$file")
    case "$file" in *.group) kill -9 -- "-$pid" 2> /dev/null || true ;; *) kill -9 "$pid" 2> /dev/null || true ;; esac
    while kill -0 "$pid" 2> /dev/null; do sleep 0.2; done
    rm -f "$file"
  done
  $devdb stop --dir="$work/postgres" >> "$log" 2>&1 || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2. A start command for each process, written to target/cluster/start-<name>.sh: the failure tests
#    start, kill -9 and start again each one exactly as here. Each runs in the background and writes
#    its pid file.
rm -rf "$work/postgres/data" "$work/broker-data"
rm -f "$work"/*.log.old
for old in "$work"/node*.log "$work"/broker-*.log "$work"/balancer.log; do [ -f "$old" ] && mv "$old" "$old.old"; done
cat > "$work/start-postgres.sh" << SH
exec $devdb start --dir=$work/postgres --port=$dbport --database=eventlog
SH
for role in primary backup; do
  port=$primary_port
  [ $role = backup ] && port=$backup_port
  server-config/artemis/instance.sh "$artemis_home" "$work/broker-$role" $role 127.0.0.1 $port "$work/broker-data"
  cat > "$work/start-broker-$role.sh" << SH
cd $work
setsid $work/broker-$role/bin/artemis run >> $work/broker-$role.log 2>&1 < /dev/null &
echo \$! > $work/broker-$role.pid
echo \$! > $work/broker-$role.group
SH
done
for i in $(seq 1 "$nodes"); do
  offset=$((100 * (i + 1)))
  base=$work/node$i
  # Its own server directory (configuration, deployment, transaction log); the same configuration
  # as every other node, turned to the shared broker pair by remote-broker.cli.
  rm -rf "$base"
  mkdir -p "$base/deployments"
  cp -r target/server/standalone/configuration "$base/"
  perl -0pi -e 's{\s*<deployments>.*?</deployments>}{}s' "$base/configuration/standalone-full.xml"
  JAVA_OPTS="-Djboss.server.base.dir=$base" target/server/bin/jboss-cli.sh \
    --file=server-config/wildfly/remote-broker.cli > "$work/node$i-configure.log" 2>&1
  cp target/eventlog.war "$base/deployments/eventlog.war"
  cat > "$work/start-node$i.sh" << SH
cd $root
export JBOSS_PIDFILE=$work/node$i.pid LAUNCH_JBOSS_IN_BACKGROUND=1
export JAVA_OPTS="-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
export EVENTLOG_DB_URL=jdbc:postgresql://127.0.0.1:$dbport/eventlog EVENTLOG_SYSTEM_TOKEN=$EVENTLOG_SYSTEM_TOKEN
export EVENTLOG_BROKER_HOST=127.0.0.1 EVENTLOG_BROKER_PORT=$primary_port
export EVENTLOG_BROKER_BACKUP_HOST=127.0.0.1 EVENTLOG_BROKER_BACKUP_PORT=$backup_port
export EVENTLOG_WEBHOOK_ALLOWED_NETWORKS=\${EVENTLOG_WEBHOOK_ALLOWED_NETWORKS:-127.0.0.0/8}
export EVENTLOG_DISPATCH_SWEEP_GRACE_SECONDS=\${EVENTLOG_DISPATCH_SWEEP_GRACE_SECONDS:-10}
export EVENTLOG_WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION=${EVENTLOG_WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION:-64}
setsid target/server/bin/standalone.sh -c standalone-full.xml -Djboss.server.base.dir=$base \\
  -Djboss.socket.binding.port-offset=$offset -Djboss.node.name=node$i -Djboss.tx.node.id=node$i \\
  >> $work/node$i.log 2>&1 < /dev/null &
echo \$! > $work/node$i.group
SH
done
node_urls=$(for i in $(seq 1 "$nodes"); do printf 'http://127.0.0.1:%d=http://127.0.0.1:%d/health/ready,' \
  $((8080 + 100 * (i + 1))) $((9990 + 100 * (i + 1))); done)
cat > "$work/start-balancer.sh" << SH
setsid $bench_java dev.eventlog.bench.Balancer --port=$balancer_port --nodes=${node_urls%,} >> $work/balancer.log 2>&1 < /dev/null &
echo \$! > $work/balancer.pid
echo \$! > $work/balancer.group
SH
chmod +x "$work"/start-*.sh

# 3. Start: PostgreSQL (durable), the brokers (the primary first, so it takes the lock), the balancer,
#    the nodes.
echo "Starting PostgreSQL on $dbport, brokers on $primary_port / $backup_port, $nodes WildFly nodes (logs: $work) ..."
$devdb start --dir="$work/postgres" --port=$dbport --database=eventlog --fresh >> "$log" 2>&1
bash "$work/start-broker-primary.sh"
for _ in $(seq 1 60); do
  (exec 3<> /dev/tcp/127.0.0.1/$primary_port) 2> /dev/null && break
  sleep 1
done
bash "$work/start-broker-backup.sh"
bash "$work/start-balancer.sh"
for i in $(seq 1 "$nodes"); do bash "$work/start-node$i.sh"; done

case "$mode" in
  run)
    # Until a node is ready behind the balancer (it answers 503 until then); OpenAPI is on the HTTP port.
    for _ in $(seq 1 300); do
      curl -fs -o /dev/null http://127.0.0.1:$balancer_port/openapi 2> /dev/null && break
      sleep 1
    done
    cat << TEXT

Eventlog on $nodes nodes: http://127.0.0.1:$balancer_port/ (the balancer; node i alone on port 8080+100(i+1))
System token: $EVENTLOG_SYSTEM_TOKEN. Remote producers: (tcp://127.0.0.1:$primary_port,tcp://127.0.0.1:$backup_port)
Logs and pid files: $work. Ctrl-C stops everything.
TEXT
    # In the background and waited for, so that a signal to this script ends the wait at once.
    while true; do sleep 3600 & wait $!; done
    ;;
  test-short | test-long)
    $bench_java dev.eventlog.bench.ClusterCrash "--${mode#test-}" --work="$work" --token="$EVENTLOG_SYSTEM_TOKEN" \
      --balancer=http://127.0.0.1:$balancer_port --nodes="${node_urls%,}" \
      --brokers="tcp://127.0.0.1:$primary_port,tcp://127.0.0.1:$backup_port" \
      --db-url=jdbc:postgresql://127.0.0.1:$dbport/eventlog --ceiling="$EVENTLOG_WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION"
    ;;
  bench)
    $bench_java dev.eventlog.bench.ClusterBench --work="$work" --token="$EVENTLOG_SYSTEM_TOKEN" \
      --balancer=http://127.0.0.1:$balancer_port --nodes="${node_urls%,}" \
      --db-url=jdbc:postgresql://127.0.0.1:$dbport/eventlog
    ;;
esac
