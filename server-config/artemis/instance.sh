#!/usr/bin/env bash
# Makes one broker of Eventlog's shared-store pair from the standalone ActiveMQ Artemis distribution:
# `artemis create` lays out the instance (bin/, etc/, its JVM profile and login), then this script puts
# in server-config/artemis/broker.xml with this broker's values and the users Eventlog needs. Run it
# again to remake the instance (its messages live in the shared data directory, which is kept).
#
#   server-config/artemis/instance.sh ARTEMIS_HOME INSTANCE_DIR primary|backup HOST PORT SHARED_DATA_DIR
#
# Passwords come from the environment (the defaults are for development on one machine only):
#   EVENTLOG_BROKER_PASSWORD           user eventlog: the WildFly nodes (default eventlog-dev)
#   EVENTLOG_BROKER_PRODUCER_PASSWORD  user eventlog-producer: may only send to eventlog.ingest
#   EVENTLOG_BROKER_CONSUMER_PASSWORD  user eventlog-consumer: may only read the stream's topic
#   EVENTLOG_BROKER_ADMIN_PASSWORD     user admin (role amq): the broker's management
#   EVENTLOG_BROKER_MEMORY             the broker JVM's -Xmx (default 1G)
set -euo pipefail
if [ $# -ne 6 ]; then
  sed -n '2,15p' "$0" >&2
  exit 2
fi
home=$1 instance=$2 role=$3 host=$4 port=$5 data=$6
case "$role" in
  primary | backup) ;;
  *) echo "role must be primary or backup, not $role" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
admin_password=${EVENTLOG_BROKER_ADMIN_PASSWORD:-admin-dev}

backup_flag=()
[ "$role" = backup ] && backup_flag=(--backup)
"$home/bin/artemis" create --silent --force --shared-store --failover-on-shutdown "${backup_flag[@]}" \
  --name "$role" --host "$host" --data "$data" --user admin --password "$admin_password" --require-login \
  --no-web --java-memory "${EVENTLOG_BROKER_MEMORY:-1G}" "$instance" > /dev/null

sed -e "s|@NAME@|$role|g" -e "s|@ROLE@|$role|g" -e "s|@HOST@|$host|g" -e "s|@PORT@|$port|g" \
    -e "s|@DATA@|$data|g" \
    "$here/broker.xml" > "$instance/etc/broker.xml"

# Plain-text passwords are accepted by Artemis' properties login module; the files are the broker
# user's alone. On real machines, `artemis user add` stores them hashed instead.
umask 077
cat > "$instance/etc/artemis-users.properties" << USERS
admin = $admin_password
eventlog = ${EVENTLOG_BROKER_PASSWORD:-eventlog-dev}
eventlog-producer = ${EVENTLOG_BROKER_PRODUCER_PASSWORD:-eventlog-producer-dev}
eventlog-consumer = ${EVENTLOG_BROKER_CONSUMER_PASSWORD:-eventlog-consumer-dev}
USERS
cat > "$instance/etc/artemis-roles.properties" << ROLES
amq = admin
eventlog = eventlog
eventlog-producer = eventlog-producer
eventlog-consumer = eventlog-consumer
ROLES
