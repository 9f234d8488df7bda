#!/usr/bin/env bash
# Runs every test of the solution. On a fresh Debian machine it first installs, once, the
# packages the tests need (quietly; skipped when they are already there), so it is safe to run
# again and again. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the tests use: command to look for -> package that provides it. HAProxy is the
# peer of the PROXY protocol interoperability tests (it is not started as a service by installing it);
# Chromium is the browser the admin pages' tests drive (tests/Gateway.Ui.Tests). PostgreSQL and Redis are the
# shared store and counters of the multi-node tests, which start their own throwaway instances on loopback
# (tests/Gateway.Tests.Common: PostgresServer, RedisServer); the system services are never used.
declare -A needed=([haproxy]=haproxy [chromium]=chromium [redis-server]=redis-server)

missing=()
for command in "${!needed[@]}"; do
  # /usr/sbin is not on every user's PATH.
  command -v "$command" >/dev/null 2>&1 || [[ -x /usr/sbin/$command ]] || missing+=("${needed[$command]}")
done
# Debian keeps PostgreSQL's server tools (initdb, pg_ctl) off PATH, under /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
    echo "test.sh: missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})." >&2
    exit 1
  fi
  as_root=(); [[ $(id -u) -ne 0 ]] && as_root=(sudo)
  echo "test.sh: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet was not found on PATH)." >&2
  exit 1
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Built once; then the test projects run one after another (-m:1), not side by side: on a two-core machine the browser
# tests and the proxying tests together starved each other for seconds at a time, which timing tests misread (a CI run
# failed so). A hung test is stopped and named after 5 minutes instead of running into the CI limit.
dotnet build Gateway.sln --nologo -v q
dotnet test Gateway.sln --nologo --no-build -m:1 --blame-hang-timeout 5m --blame-hang-dump-type none "$@"

# The proxying tests again with every HTTP/1.1 listener served by the HTTP/1.1 core (the fixture parameter read by
# GatewayTestHost), so a difference between the two paths fails a test. Excluded: what only the Kestrel path does by
# design (an embedding host's middleware sees gateway requests; see README, "The HTTP/1.1 core"). Socket completions run
# inline on the engine's threads in this pass, as the standalone host runs them (Gateway:Runtime:InlineIo), which is
# also what lets the core defer a server receive to the engine's next turn (SocketEngineTurnTests).
GATEWAY_TEST_HTTP_PATH=core DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet test tests/Gateway.Tests --nologo --no-build --blame-hang-timeout 5m --blame-hang-dump-type none \
  --filter "FullyQualifiedName!~HostingTests.IsGatewayRequest_TellsListenersApart" "$@"
