#!/usr/bin/env bash
# CPU profile of the running WildFly with async-profiler (issue 17), which unlike JFR also sees
# the kernel (context switches, futex wakes) and threads in native code:
#   bench/profile.sh start            # profiling starts in the server whose HTTP port is 8080
#   ... run a scenario: (cd bench && mvn -q exec:java -Dexec.args="--only=P3K --p3-rates=1000")
#   bench/profile.sh stop FILE        # collapsed stacks (one line per stack with its count)
# async-profiler comes from Maven Central (tools.profiler:async-profiler, linux-x64); the agent is
# loaded into the server with jcmd, so the server needs no restart. PORT_OFFSET=N for another server.
set -euo pipefail
version=4.1
jar=~/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar
lib=${TMPDIR:-/tmp}/async-profiler-$version/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  [ -f "$jar" ] || mvn -B -ntp -q dependency:get -Dartifact=tools.profiler:async-profiler:$version:jar:linux-x64
  mkdir -p "${TMPDIR:-/tmp}/async-profiler-$version" && (cd "${TMPDIR:-/tmp}/async-profiler-$version" && unzip -o -q "$jar")
fi
offset=${PORT_OFFSET:-0}
pid=$(pgrep -f "jboss-modules.jar.*port-offset=$offset( |$)" || pgrep -f jboss-modules.jar | head -1)
case "${1:-}" in
  # jcmd parses name=value arguments itself: the agent's options go in double quotes.
  start) jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=cpu,interval=5ms"' ;;
  stop) jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$(realpath -m "${2:?FILE}"),collapsed\"" ;;
  *) echo "usage: $0 start | stop FILE" >&2; exit 2 ;;
esac
