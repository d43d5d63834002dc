#!/usr/bin/env bash
# Sourced by bench/crash.sh and cluster/run.sh (from the project's root, with $work set): the WAR,
# WildFly unpacked and configured in target/server, the producer user and DevPostgres compiled, i.e.
# the build up to its tests, without running them or starting the test database. Skipped when the
# last build made all of it from these sources (CI runs the tests just before). Sets $devdb, the
# command that starts and stops a PostgreSQL of our own (dev.eventlog.devdb.DevPostgres).
users=target/server/standalone/configuration/application-users.properties
if [ -f target/eventlog.war ] && [ -f target/test-classes/dev/eventlog/devdb/DevPostgres.class ] \
    && grep -qs EventlogDS target/server/standalone/configuration/standalone-full.xml && grep -qs '^eventlog-producer=' "$users" \
    && [ -z "$(find src server-config pom.xml -newer target/eventlog.war -print -quit)" ]; then
  echo "Using the WAR and target/server of the last build"
else
  echo "Building (log: $work/build.log) ..."
  mvn -B -ntp -DskipTests -Ddevdb.skip=true pre-integration-test > "$work/build.log" 2>&1
fi
if [ ! "$work/devdb.classpath" -nt pom.xml ]; then
  mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/devdb.classpath" >> "$work/build.log" 2>&1
fi
devdb="java -cp $PWD/target/test-classes:$(cat "$work/devdb.classpath") dev.eventlog.devdb.DevPostgres"
