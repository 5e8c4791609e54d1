#!/usr/bin/env bash
# test_rpz_unbound.sh — our RPZ zone works in a real resolver: Debian's
# unbound, on a free loopback port, loads `mamoru export rpz` as a response
# policy zone. A listed domain (and its subdomains, and a name whose address
# is a listed IP) gets the policy answer, NXDOMAIN; an unlisted name served
# from a local zone and one from a local authoritative zone do not. No
# network: the only data are a local auth-zone and local-data, the root
# hints point at 127.0.0.1 and do-not-query-localhost forbids that too.
# unbound runs in the foreground as the current user (no chroot, no
# privilege drop) and is killed at the end.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
M=$MAMORU
UNBOUND=$(command -v unbound || ls /usr/sbin/unbound 2>/dev/null)
if [ -z "$UNBOUND" ] || ! command -v dig >/dev/null; then
    echo "SKIP: unbound not installed (or dig missing: bind9-dnsutils)"
    finish
    exit 0
fi

DB=$T_TMP/rpz.db
$M org add cert --role analyst --db "$DB" >/dev/null
rep() { $M report --db "$DB" --org cert --category phishing --status confirmed --distribution public "$@" >/dev/null; }
rep --kind domain --value phish.lab.example
rep --kind url --value 'https://login-check.lab.example/'
rep --kind ip --value 192.0.2.66
rep --kind url --value 'http://pages.lab.example/phish/index.html' # a page: host not blocked
$M report --db "$DB" --org cert --kind domain --value members.lab.example --category phishing \
    --status confirmed >/dev/null # not public: not in the feed
$M export rpz --db "$DB" --out "$T_TMP/mamoru.rpz" 2>/dev/null
check "rpz exported" test -s "$T_TMP/mamoru.rpz"

# the "real" zone the resolver serves: every name resolves without RPZ
cat >"$T_TMP/lab.zone" <<'EOF'
$ORIGIN lab.example.
$TTL 300
@ IN SOA ns.lab.example. hostmaster.lab.example. 1 3600 600 86400 300
@ IN NS ns.lab.example.
ns IN A 127.0.0.1
phish IN A 192.0.2.10
www.phish IN A 192.0.2.10
login-check IN A 192.0.2.11
sub.login-check IN A 192.0.2.11
pages IN A 192.0.2.12
members IN A 192.0.2.13
via-ip IN A 192.0.2.66
safe IN A 192.0.2.55
EOF
cat >"$T_TMP/root.hints" <<'EOF'
. 3600000 IN NS a.root.invalid.
a.root.invalid. 3600000 IN A 127.0.0.1
EOF
# a port free for UDP and TCP both (unbound binds both; a UDP-only check
# collided with another test's TCP listener on a busy machine)
PORT=$(python3 - <<'PY'
import socket
for _ in range(100):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    port = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port))
    except OSError:
        u.close(); t.close(); continue
    print(port); break
PY
)
cat >"$T_TMP/unbound.conf" <<EOF
server:
  interface: 127.0.0.1
  port: $PORT
  do-ip6: no
  do-tcp: yes
  username: ""
  chroot: ""
  directory: "$T_TMP"
  pidfile: "$T_TMP/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  num-threads: 1
  root-hints: "$T_TMP/root.hints"
  do-not-query-localhost: yes
  module-config: "respip validator iterator"
  local-zone: "local.example." static
  local-data: "unlisted.local.example. 300 IN A 192.0.2.77"
auth-zone:
  name: "lab.example."
  zonefile: "$T_TMP/lab.zone"
  for-downstream: no
  for-upstream: yes
  fallback-enabled: no
rpz:
  name: "rpz.mamoru.invalid."
  zonefile: "$T_TMP/mamoru.rpz"
  rpz-log: yes
  rpz-log-name: "mamoru"
remote-control:
  control-enable: no
EOF
if command -v unbound-checkconf >/dev/null; then
    check "unbound-checkconf accepts the config" unbound-checkconf "$T_TMP/unbound.conf"
fi
"$UNBOUND" -d -c "$T_TMP/unbound.conf" >"$T_TMP/unbound.log" 2>&1 &
UB_PID=$!
T_PIDS+=("$UB_PID")
q() { dig +time=2 +tries=1 -p "$PORT" @127.0.0.1 "$1" A; }
up=0
for _ in $(seq 1 300); do   # up to 30 s: unbound starts slowly on a loaded machine
    if q safe.lab.example 2>/dev/null | grep -q 'status: NOERROR'; then up=1; break; fi
    sleep 0.1
done
check_eq "unbound answers on 127.0.0.1:$PORT" 1 "$up"

status() { q "$1" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'; }
answer() { q "$1" | awk '$4 == "A" && $0 !~ /^;/ {print $5}'; }
check_eq "listed domain → NXDOMAIN" NXDOMAIN "$(status phish.lab.example)"
check_eq "subdomain of a listed domain → NXDOMAIN (wildcard)" NXDOMAIN "$(status www.phish.lab.example)"
check_eq "host of a whole-site URL → NXDOMAIN" NXDOMAIN "$(status login-check.lab.example)"
check_eq "subdomain of a URL host is not blocked" 192.0.2.11 "$(answer sub.login-check.lab.example)"
check_eq "name answering with a listed IP → NXDOMAIN (rpz-ip)" NXDOMAIN "$(status via-ip.lab.example)"
check_eq "host of a listed page is not blocked" 192.0.2.12 "$(answer pages.lab.example)"
check_eq "members-only domain is not in the public feed" 192.0.2.13 "$(answer members.lab.example)"
check_eq "unlisted name from the auth zone resolves" 192.0.2.55 "$(answer safe.lab.example)"
check_eq "unlisted name from the local zone resolves" 192.0.2.77 "$(answer unlisted.local.example)"
check "unbound logged the RPZ policy for the listed domain" grep -q 'rpz: applied \[mamoru\] phish.lab.example. rpz-nxdomain' "$T_TMP/unbound.log"
check "unbound made no query to the network" bash -c "! grep -Eqi 'sendto failed|error sending' '$T_TMP/unbound.log'"

kill "$UB_PID" 2>/dev/null
wait "$UB_PID" 2>/dev/null
check "unbound stopped" bash -c "! kill -0 $UB_PID 2>/dev/null"
finish
