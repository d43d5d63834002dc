#!/usr/bin/env bash
# Eventlog on Payara Server 6: sets up a domain, starts it, deploys the WAR, stops it. The build
# calls it (`mvn -Prun,payara verify`, `mvn -Ppayara verify`); an operator can call it too.
#
#   payara.sh setup    create the domain if it is missing, then configure it (configure.asadmin)
#   payara.sh start    start the configured domain (the environment below reaches the server)
#   payara.sh deploy   deploy target/eventlog.war and wait until /health/ready is UP
#   payara.sh stop     stop the domain
#   payara.sh run      setup, then the server in the foreground with the WAR deployed; Ctrl-C stops it
#   payara.sh test-start  setup, start, deploy (what the test build does)
#
# Every step can run again on the same domain. Settings (environment):
#   PAYARA_HOME        the unpacked distribution (default: target/payara6 of this project)
#   PAYARA_DOMAIN      the domain's name (default: eventlog)
#   PAYARA_PORTBASE    ports of a new domain: admin = base+48, HTTP = base+80, JMS = base+76;
#                      unset: Payara's defaults (admin 4848, HTTP 8080, JMS 7676)
#   EVENTLOG_CONSOLE_USER / EVENTLOG_CONSOLE_PASSWORD
#                      the administrator a new domain gets (console, asadmin, REST admin);
#                      unset: "admin" with no password, which Payara lets in from this host only
#   EVENTLOG_WAR       the WAR to deploy (default: target/eventlog.war)
#   EVENTLOG_JMS_PRODUCER_PASSWORD
#                      the password of the broker user eventlog-producer, the only one remote
#                      clients may send as (default eventlog-producer-dev, as on WildFly)
#   EVENTLOG_JMS_CONSUMER_PASSWORD
#                      the password of the broker user eventlog-consumer, who may only read the
#                      stream's topic eventlog.stream (default eventlog-consumer-dev, as on WildFly)
#   EVENTLOG_JMS_BIND_ADDRESS
#                      the address the broker's port (JMS) listens on (default 127.0.0.1, as WildFly's
#                      default interface; README "Remote producers on Payara" says what else to change
#                      before opening it)
# The server reads EVENTLOG_DB_URL, EVENTLOG_DB_USER, EVENTLOG_DB_PASSWORD, EVENTLOG_SMTP_HOST,
# EVENTLOG_SMTP_PORT, EVENTLOG_MAIL_FROM, EVENTLOG_DB_POOL_SIZE and every EVENTLOG_* setting of
# README's configuration table from the environment it is started in.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../.." && pwd)"
PAYARA_HOME="${PAYARA_HOME:-$project/target/payara6}"
PAYARA_DOMAIN="${PAYARA_DOMAIN:-eventlog}"
EVENTLOG_WAR="${EVENTLOG_WAR:-$project/target/eventlog.war}"
admin_user="${EVENTLOG_CONSOLE_USER:-admin}"
admin_password="${EVENTLOG_CONSOLE_PASSWORD:-}"
domain_dir="$PAYARA_HOME/glassfish/domains/$PAYARA_DOMAIN"
broker_props="$domain_dir/imq/instances/imqbroker/props/config.properties"
# asadmin reads the administrator's password from a file only: written (0600) beside the domain's
# directory from the environment on every call, never into the repository.
password_file="$PAYARA_HOME/glassfish/domains/.$PAYARA_DOMAIN.asadmin"

log() { echo "[payara.sh] $*" >&2; }

admin_port() {
    if [[ -f "$domain_dir/config/domain.xml" ]]; then
        # The admin listener's port, as the domain was created.
        sed -n 's/.*<network-listener[^>]*name="admin-listener"[^>]*port="\([0-9]*\)".*/\1/p;s/.*<network-listener[^>]*port="\([0-9]*\)"[^>]*name="admin-listener".*/\1/p' \
            "$domain_dir/config/domain.xml" | head -1
    else
        echo $(( ${PAYARA_PORTBASE:-4800} + 48 ))
    fi
}

http_port() {
    sed -n 's/.*<network-listener[^>]*name="http-listener-1"[^>]*port="\([0-9]*\)".*/\1/p;s/.*<network-listener[^>]*port="\([0-9]*\)"[^>]*name="http-listener-1".*/\1/p' \
        "$domain_dir/config/domain.xml" | head -1
}

write_password_file() {
    umask 077
    printf 'AS_ADMIN_PASSWORD=%s\n' "$admin_password" > "$password_file"
}

asadmin() {
    "$PAYARA_HOME/bin/asadmin" --interactive=false --user "$admin_user" --passwordfile "$password_file" \
        --port "$(admin_port)" "$@"
}

running() {
    "$PAYARA_HOME/bin/asadmin" list-domains 2>/dev/null | grep -q "^$PAYARA_DOMAIN running"
}

create_domain() {
    [[ -f "$domain_dir/config/domain.xml" ]] && return
    log "creating domain $PAYARA_DOMAIN (admin user $admin_user)"
    local ports=()
    if [[ -n "${PAYARA_PORTBASE:-}" ]]; then ports=(--portbase "$PAYARA_PORTBASE"); fi
    local empty=()
    if [[ -z "$admin_password" ]]; then empty=(--nopassword=true); fi
    "$PAYARA_HOME/bin/asadmin" --interactive=false --user "$admin_user" --passwordfile "$password_file" \
        create-domain "${ports[@]}" "${empty[@]}" --checkports=false "$PAYARA_DOMAIN" >&2
}

start() {
    if running; then
        log "domain $PAYARA_DOMAIN is already running"
        return
    fi
    log "starting domain $PAYARA_DOMAIN (admin port $(admin_port))"
    asadmin start-domain "$PAYARA_DOMAIN" >&2
}

stop() {
    if ! running; then
        log "domain $PAYARA_DOMAIN is not running"
        return
    fi
    # Through the REST admin API: asadmin's own stop-domain fails to recognise a domain whose
    # administrator has a password (its internal __locations call is answered 400). The stop is
    # asynchronous and was seen ignored right after a configuration change, so it is asked again,
    # and a server that still runs after that gets SIGTERM (its shutdown hook stops it cleanly).
    local attempt deadline
    for attempt in 1 2; do
        curl -fsS -m 30 -u "$admin_user:$admin_password" -X POST -d '' -H 'X-Requested-By: payara.sh' \
            "http://127.0.0.1:$(admin_port)/management/domain/stop" >/dev/null || true
        deadline=$(( SECONDS + 30 ))
        while running && (( SECONDS < deadline )); do sleep 1; done
        if ! running; then
            log "domain $PAYARA_DOMAIN stopped"
            return
        fi
    done
    local pid
    pid="$(cat "$domain_dir/config/pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
        deadline=$(( SECONDS + 60 ))
        while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 1; done
    fi
    if running; then
        log "domain $PAYARA_DOMAIN did not stop"
        return 1
    fi
    log "domain $PAYARA_DOMAIN stopped (SIGTERM)"
}

# A WAR left deployed by an earlier run is loaded again at every start, in the background after
# start-domain has returned; a deploy racing that load fails (its queues are not bound yet). So the
# domain is left without it: setup waits for that load to finish and undeploys, and deploy() puts
# the WAR back on a domain that has nothing to load.
undeploy_leftover() {
    asadmin list-applications 2>/dev/null | grep -q '^eventlog ' || return 0
    local url="http://127.0.0.1:$(http_port)/health/ready" deadline=$(( SECONDS + 120 ))
    local body
    until body="$(curl -sS -m 5 "$url" 2>/dev/null)" && [[ -n "$body" && "$body" != *'No Application deployed'* ]]; do
        (( SECONDS < deadline )) || break
        sleep 1
    done
    log "undeploying the WAR an earlier run left deployed"
    asadmin undeploy eventlog >&2
}

setup() {
    write_password_file
    create_domain
    start
    undeploy_leftover
    log "configuring domain $PAYARA_DOMAIN"
    # What asadmin cannot "set" into being is created once; configure.asadmin then sets every
    # attribute, the same way on a new domain and on one configured before.
    ensure resources.jdbc-connection-pool.EventlogPool create-jdbc-connection-pool \
        --restype javax.sql.DataSource --datasourceclassname org.postgresql.ds.PGSimpleDataSource EventlogPool
    # The persistence unit's datasource (persistence.xml says why it is not jdbc/__default).
    ensure resources.jdbc-resource.jdbc/eventlog create-jdbc-resource --connectionpoolid EventlogPool jdbc/eventlog
    ensure resources.mail-resource.mail/eventlog create-javamail-resource \
        --mailhost localhost --mailuser eventlog --fromaddress eventlog@localhost mail/eventlog
    asadmin multimode --file "$here/configure.asadmin" >&2
    bind_broker "${EVENTLOG_JMS_BIND_ADDRESS:-127.0.0.1}"
    # The broker's user file exists once the broker has started; on a new domain it was started
    # lazily, that is not yet: start it once (configure.asadmin turned the lazy start off).
    local passwd="$domain_dir/imq/instances/imqbroker/etc/passwd" deadline
    if [[ ! -f "$passwd" ]]; then
        stop
        start
        deadline=$(( SECONDS + 120 ))
        until [[ -f "$passwd" ]]; do
            (( SECONDS < deadline )) || { log "the broker did not start (no $passwd)"; return 1; }
            sleep 1
        done
    fi
    # Two settings multimode cannot say: a property name with dots, and a pool size Payara checks
    # as a number when it is set (so it is taken from the environment now, not at start).
    asadmin set 'resources.mail-resource.mail/eventlog.property.mail\.smtp\.port=${ENV=EVENTLOG_SMTP_PORT:25}' >&2
    asadmin set "resources.jdbc-connection-pool.EventlogPool.max-pool-size=${EVENTLOG_DB_POOL_SIZE:-40}" >&2
    ensure_jvm_option -Xmx2g
    # Hibernate (glassfish/lib, put there by the build) finds Payara's transaction manager here.
    ensure_jvm_option -Dhibernate.transaction.jta.platform=org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform
    # JVM options and the pool's settings take effect at the next start.
    stop
    # The broker's own files are written with the broker stopped: a running broker rewrites its
    # config.properties from what it loaded (at a restart, say), and a line added meanwhile is
    # lost; the access list then went unused on a new domain, and any user could connect.
    bind_broker "${EVENTLOG_JMS_BIND_ADDRESS:-127.0.0.1}"
    restrict_remote_producers
}

# The embedded OpenMQ broker binds its port itself (configure.asadmin turns Payara's lazy start,
# whose proxy listens on every interface, off), read from the broker instance's own configuration
# at its next start: the port mapper and the jms and admin services on this address. Not
# imq.hostname, which would cover the JMX connector too and make it fail to register with
# Payara's RMI registry (then neither the console nor list-jmsdest can reach the broker).
bind_broker() {
    local key
    mkdir -p "$(dirname "$broker_props")"
    [[ -f "$broker_props" ]] || printf 'imq.instanceconfig.version=300\n' > "$broker_props"
    for key in imq.portmapper.hostname imq.jms.tcp.hostname imq.admin.tcp.hostname; do
        set_broker_property "$key" "$1"
    done
}

set_broker_property() {
    sed -i "/^${1//./\\.}=/d" "$broker_props"
    printf '%s=%s\n' "$1" "$2" >> "$broker_props"
}

# Remote clients, as on WildFly: the jms service (TCP, what remote clients reach) has an access
# control file of its own that lets only eventlog-producer in, to send to eventlog.ingest, and
# eventlog-consumer, to read the stream's topic eventlog.stream (durable subscriptions included),
# and nothing else. Payara's own connections use the in-process jmsdirect service as guest, under
# OpenMQ's default file, which is left as it is. The broker reads both at its next start.
restrict_remote_producers() {
    local instance="$domain_dir/imq/instances/imqbroker"
    cat > "$instance/etc/eventlog-remote-producers.properties" <<'ACL'
version=JMQFileAccessControlModel/100
# Written by server-config/payara/payara.sh: the only users and the only rights on the jms (TCP) service.
connection.NORMAL.allow.user=eventlog-producer,eventlog-consumer
queue.eventlog.ingest.produce.allow.user=eventlog-producer
# OpenMQ's client asks for the right to create a queue before it produces to one, existing or not;
# there is no such right per queue, and producing stays limited to eventlog.ingest above.
queue.create.allow.user=eventlog-producer
topic.eventlog.stream.consume.allow.user=eventlog-consumer
# The same for a topic the client subscribes to; consuming stays limited to eventlog.stream.
topic.create.allow.user=eventlog-consumer
ACL
    set_broker_property imq.jms.accesscontrol.file.filename eventlog-remote-producers.properties
    broker_user eventlog-producer "${EVENTLOG_JMS_PRODUCER_PASSWORD:-eventlog-producer-dev}"
    broker_user eventlog-consumer "${EVENTLOG_JMS_CONSUMER_PASSWORD:-eventlog-consumer-dev}"
}

# A user of the broker's own user repository, added or given this password.
broker_user() {
    local usermgr="$PAYARA_HOME/mq/bin/imqusermgr"
    if "$usermgr" list -u "$1" -varhome "$domain_dir/imq" >/dev/null 2>&1; then
        "$usermgr" update -u "$1" -p "$2" -f -s -varhome "$domain_dir/imq"
    else
        "$usermgr" add -u "$1" -p "$2" -g user -s -varhome "$domain_dir/imq"
    fi
}

# Runs the create command unless the dotted name already exists.
ensure() {
    local name="$1"
    shift
    if ! asadmin get "$name" >/dev/null 2>&1; then asadmin "$@" >&2; fi
}

# A JVM option, replacing one of the same name (-Dname= or -Xmx) with another value.
ensure_jvm_option() {
    local option="$1" key existing
    key="${option%%=*}"
    [[ "$option" == -Xmx* ]] && key=-Xmx
    [[ "$option" == -Xms* ]] && key=-Xms
    existing="$(asadmin list-jvm-options | grep -- "^$key" | grep -v -- "^$option\$" || true)"
    local old
    for old in $existing; do asadmin delete-jvm-options "$(printf '%s' "$old" | sed 's/:/\\:/g')" >&2; done
    if ! asadmin list-jvm-options | grep -qx -- "$option"; then
        asadmin create-jvm-options "$(printf '%s' "$option" | sed 's/:/\\:/g')" >&2
    fi
}

deploy() {
    undeploy_leftover
    log "deploying $EVENTLOG_WAR"
    asadmin deploy --force=true --name eventlog --contextroot / "$EVENTLOG_WAR" >&2
    local url="http://127.0.0.1:$(http_port)/health/ready" deadline=$(( SECONDS + 180 ))
    until curl -fsS -m 5 "$url" >/dev/null 2>&1; do
        if (( SECONDS > deadline )); then
            log "not ready after 180 s: $(curl -sS -m 5 "$url" 2>&1 || true)"
            return 1
        fi
        sleep 1
    done
    log "Eventlog is ready on http://127.0.0.1:$(http_port)/"
}

# In the foreground (--verbose: the server's log on this terminal), so that Ctrl-C reaches the
# server itself and stops it, like WildFly's run command.
run() {
    setup
    asadmin start-domain --verbose "$PAYARA_DOMAIN" &
    local server=$!
    trap 'wait $server' INT TERM
    until running; do
        kill -0 $server 2>/dev/null || { log "the domain did not start"; exit 1; }
        sleep 1
    done
    deploy
    wait $server
}

case "${1:-}" in
    setup) setup ;;
    start) write_password_file; start ;;
    deploy) write_password_file; deploy ;;
    stop) write_password_file; stop ;;
    run) run ;;
    # A failed start leaves no server behind: Maven skips the stop after a failed pre-integration-test.
    test-start)
        trap 'status=$?; if (( status != 0 )); then stop || true; fi; exit $status' EXIT
        setup; start; deploy ;;
    *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
