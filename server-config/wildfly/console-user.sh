#!/usr/bin/env bash
# The run command's management users, for WildFly's admin console (http://localhost:9990/console)
# and jboss-cli. Run by `mvn -Prun verify` before the server starts:
#   console-user.sh SERVER_DIR TEST_USER
# - adds (or updates) the operator EVENTLOG_CONSOLE_USER with EVENTLOG_CONSOLE_PASSWORD when both
#   are set: read here from the environment, so the password stands in no build file or log;
# - disables TEST_USER, whom the test build adds to the same server with a password that is in the
#   pom, so that a server run after the tests does not let it in.
# add-user.sh is idempotent: run again, it updates the user (and a disabled one is re-enabled).
set -euo pipefail
server=$1
test_user=$2

add_user() {
  "$server/bin/add-user.sh" -s -sc "$server/standalone/configuration" "$@"
}

# -d keeps the line, commented out; the password given replaces the known one.
add_user -u "$test_user" -p "disabled-$RANDOM$RANDOM-x1!" -d

user=${EVENTLOG_CONSOLE_USER:-}
password=${EVENTLOG_CONSOLE_PASSWORD:-}
if [ -n "$user" ] && [ -n "$password" ]; then
  add_user -u "$user" -p "$password"
  echo "Management user $user added: http://localhost:9990/console"
elif [ -n "$user$password" ]; then
  echo "WARNING: set both EVENTLOG_CONSOLE_USER and EVENTLOG_CONSOLE_PASSWORD to add a management user; none added." >&2
fi
