#!/usr/bin/env bash
# Install test of the Lantaarn .deb packages, run by .ci/run as root on Debian 12 after ./mvnw verify.
#
#  1. lintian reports no errors (warnings are listed); systemd-analyze verify accepts both units and
#     `systemd-analyze security --offline=true` rates lantaarn-node.service OK or better (the score is printed).
#  2. dpkg -i installs the packages (Debian 12 has no Java 21 package: a local equivs package provides
#     java21-runtime-headless for the JDK under /usr/lib/jvm, as docs/install.md says); the node is provisioned as
#     root into /etc/lantaarn, gets a certificate from the installed lantaarn-config CA, and the installed
#     `lantaarn-node selftest` and `lantaarn-node run`, started as the lantaarn user with the service's JVM flags,
#     reach a Mosquitto started here with mutual TLS on a free loopback port; `run` publishes its birth and
#     observations. Then dpkg -i of a newer build keeps the configuration (a changed conffile too), the key and
#     the outbox, and the next birth carries the new version while the sequence numbers go on.
#  3. dpkg --remove keeps the user, the configuration and the outbox; dpkg --purge leaves no file of the packages
#     behind (file lists before and after are compared) and removes the lantaarn user.
# The packages are purged again at the end, also when a step fails. No systemd runs here (not PID 1), so the
# unit's own start and the postinst's restart after an upgrade are not exercised; the node is started by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
[ "$(id -u)" -eq 0 ] || { echo "install-test: must run as root (it installs packages)" >&2; exit 1; }
for tool in dpkg-deb lintian equivs-build systemd-analyze mosquitto_sub openssl setpriv; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test: $tool is missing (apt-get install lintian equivs mosquitto-clients)" >&2; exit 1; }
done
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
py=$(command -v /usr/bin/python3 || command -v python3)
source scripts/java-home.sh

work=$(mktemp -d /tmp/lantaarn-install-test.XXXXXX)
chmod 0755 "$work"
pids=()
packages=(lantaarn-node lantaarn-gateway lantaarn-tools lantaarn-local-java21)
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -q -v 'not-installed'; then
    dpkg --purge "${packages[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "install-test: PASSED" || echo "install-test: FAILED (exit $rc)" >&2
}
trap cleanup EXIT
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
step() { echo "install-test: $*"; }
# Waits up to $2 seconds for a line matching the extended regex $3 in file $1 (progress, not a fixed time).
await_line() {
  local file=$1 seconds=$2 pattern=$3 deadline=$((SECONDS + $2))
  until grep -E -q "$pattern" "$file" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "--- $file:" >&2; tail -20 "$file" >&2 || true; fail "no line matching /$pattern/ in $file within ${seconds}s"; }
    sleep 0.2
  done
}
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- the packages: this build's (from ./mvnw verify, or built here) and a newer one ---------------------------
mvn_package() {
  local modules=$1; shift
  ./mvnw -o -q -B -pl "$modules" -am package -Dmaven.test.skip=true "$@" >"$work/mvn.log" 2>&1 || { tail -40 "$work/mvn.log" >&2; fail "building the packages"; }
}
if ! ls packaging/lantaarn-node/target/lantaarn-node_*_all.deb >/dev/null 2>&1; then
  step "building the packages"
  mvn_package packaging/lantaarn-node,packaging/lantaarn-gateway,packaging/lantaarn-tools
fi
mkdir -p "$work/v1" "$work/v2"
for package in lantaarn-node lantaarn-gateway lantaarn-tools; do
  # the newest build of each (an older one of another version may still lie there)
  cp "$(ls -t packaging/"$package"/target/"$package"_*_all.deb | head -1)" "$work/v1/"
done
v1=$(dpkg-deb -f "$work"/v1/lantaarn-node_*_all.deb Version)
release2="${v1//\~/-}.1"          # the release a municipality would publish next: 0.1.0-SNAPSHOT -> 0.1.0-SNAPSHOT.1
step "building a newer lantaarn-node ($release2) to upgrade to"
mvn_package packaging/lantaarn-node -Dlantaarn.release="$release2"
# moved away, so that the build directory keeps this build's packages only
mv packaging/lantaarn-node/target/lantaarn-node_"${release2//-/\~}"_all.deb "$work/v2/"
v2=$(dpkg-deb -f "$work"/v2/lantaarn-node_*_all.deb Version)
dpkg --compare-versions "$v2" gt "$v1" || fail "the newer package's version $v2 does not sort after $v1"
step "packages: $(cd "$work/v1" && echo *.deb) and the upgrade lantaarn-node $v2"

# --- the service's JVM flags are the Raspberry Pi flags docs/performance.md measured ----------------------------
pi_flags=$(tr '\n' ' ' <docs/performance.md | grep -o 'Measured above (`node-footprint-pi`): \*\*`[^`]*`' | sed 's/.*\*\*`//; s/`$//; s/  */ /g' || true)
[ -n "$pi_flags" ] || fail "docs/performance.md no longer names the Pi flags as 'Measured above (\`node-footprint-pi\`): **\`...\`**'"
grep -q -F "LANTAARN_JAVA_OPTS=\"$pi_flags\"" packaging/lantaarn-node/src/deb/root/etc/lantaarn/node.env \
  || fail "/etc/lantaarn/node.env's LANTAARN_JAVA_OPTS differ from docs/performance.md's Pi flags: $pi_flags"
step "the service's JVM flags are docs/performance.md's: $pi_flags"

# --- 1. lintian -----------------------------------------------------------------------------------------------
step "lintian"
lintian --tag-display-limit 0 "$work"/v1/*.deb >"$work/lintian.txt" 2>&1 || true
grep -E '^[EW]: ' "$work/lintian.txt" | sed 's/^/  /' || true
if grep -q '^E: ' "$work/lintian.txt"; then fail "lintian reports errors"; fi
step "lintian: 0 errors, $(grep -c '^W: ' "$work/lintian.txt" || true) warnings"

# --- 2. install ----------------------------------------------------------------------------------------------
snapshot() {
  find /etc /var/lib /opt /srv /usr/bin /usr/sbin /usr/share /usr/lib/systemd /usr/lib/udev /lib/systemd /lib/udev \
    -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/ucf -o -name __pycache__ \) -prune -o -print 2>/dev/null \
    | sort -u
}
snapshot >"$work/files-before"
getent passwd lantaarn >/dev/null && fail "a user lantaarn exists before the packages are installed"

java_home=$(lantaarn_find_java_home) || fail "no JDK 21+ under /usr/lib/jvm"
step "a local package provides java21-runtime-headless for $java_home (Debian 12 has no Java 21 package)"
mkdir -p "$work/equivs"
cat >"$work/equivs/lantaarn-local-java21" <<EOF
Section: misc
Priority: optional
Standards-Version: 4.6.2
Package: lantaarn-local-java21
Version: 1.0
Maintainer: Lantaarn CI <lantaarn@example.nl>
Provides: java21-runtime-headless
Architecture: all
Description: stands in for a Java 21 runtime package: the JDK in $java_home
 Debian 12 has no Java 21 package; this one records that a JDK 21 or newer was
 installed by hand under /usr/lib/jvm, where the Lantaarn launchers find it.
EOF
(cd "$work/equivs" && equivs-build lantaarn-local-java21 >"$work/equivs.log" 2>&1) || { cat "$work/equivs.log" >&2; fail "equivs-build"; }
dpkg -i "$work"/equivs/lantaarn-local-java21_1.0_all.deb >/dev/null

step "dpkg -i lantaarn-node lantaarn-gateway lantaarn-tools $v1"
dpkg -i "$work"/v1/*.deb >"$work/dpkg-v1.log" 2>&1 || { cat "$work/dpkg-v1.log" >&2; fail "dpkg -i"; }
[ "$(dpkg-query -W -f='${Version}' lantaarn-node)" = "$v1" ] || fail "lantaarn-node $v1 is not installed"
for group in i2c gpio dialout audio; do
  id -nG lantaarn | tr ' ' '\n' | grep -qx "$group" || fail "user lantaarn is not in group $group"
done
[ "$(stat -c '%U:%G %a' /var/lib/lantaarn/node)" = "lantaarn:lantaarn 750" ] || fail "/var/lib/lantaarn/node: $(stat -c '%U:%G %a' /var/lib/lantaarn/node)"
[ "$(stat -c '%U:%G %a' /etc/lantaarn)" = "root:lantaarn 750" ] || fail "/etc/lantaarn: $(stat -c '%U:%G %a' /etc/lantaarn)"
dpkg-query -W -f='${Conffiles}\n' lantaarn-node lantaarn-gateway | grep -q '/etc/lantaarn/node.env' || fail "node.env is not a conffile"
# unattended-upgrades: the Lantaarn origin is off until the municipality uncomments it (docs/install.md)
if apt-config dump | grep -q 'origin=Lantaarn'; then fail "automatic Lantaarn updates are on by default"; fi
turn_on=$(grep -o "sed -i '[^']*'" docs/install.md | head -1 | sed "s/^sed -i '//; s/'\$//")
[ -n "$turn_on" ] || fail "docs/install.md has no sed command that turns automatic updates on"
sed "$turn_on" /etc/apt/apt.conf.d/52lantaarn-unattended-upgrades >"$work/52lantaarn-on"
apt-config -c "$work/52lantaarn-on" dump | grep -q '"origin=Lantaarn,label=Lantaarn"' || fail "docs/install.md's way to turn updates on does not"
release1="${v1//\~/-}"
for program in lantaarn-node lantaarn-gateway lantaarn-config; do
  [ "$("$program" --version 2>&1 | tail -1)" = "$program $release1" ] || fail "$program --version prints '$("$program" --version 2>&1 | tail -1)', not '$program $release1'"
done
step "installed: $(lantaarn-node --version), $(lantaarn-gateway --version), $(lantaarn-config --version), user lantaarn in $(id -nG lantaarn)"

step "systemd-analyze verify"
systemd-analyze verify /usr/lib/systemd/system/lantaarn-node.service /usr/lib/systemd/system/lantaarn-gateway.service \
  >"$work/verify.txt" 2>&1 || { cat "$work/verify.txt" >&2; fail "systemd-analyze verify"; }
[ ! -s "$work/verify.txt" ] || { cat "$work/verify.txt" >&2; fail "systemd-analyze verify complains"; }
for unit in lantaarn-node lantaarn-gateway; do
  score=$(systemd-analyze security --offline=true "/usr/lib/systemd/system/$unit.service" 2>&1 | grep 'Overall exposure level' || true)
  step "systemd-analyze security: ${score#→ }"
  if [ "$unit" = lantaarn-node ]; then
    echo "$score" | grep -E -q ' (OK|SAFE|PERFECT)( |$)' || fail "lantaarn-node.service is rated worse than OK: $score"
  fi
done

# --- a CA, a broker with mutual TLS, and the node provisioned as root into /etc/lantaarn ---------------------
step "CA (lantaarn-config ca), broker certificate, Mosquitto"
lantaarn-config ca init --dir "$work/ca" >/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=broker \
  -keyout "$work/broker.key" -out "$work/broker.csr" 2>/dev/null
lantaarn-config ca issue --dir "$work/ca" --server broker --san 127.0.0.1 --csr "$work/broker.csr" --out "$work/broker.crt" >/dev/null
mkdir -p "$work/broker" && cp "$work/ca/ca.crt" "$work/broker.crt" "$work/broker.key" "$work/broker/"
tls_port=$(free_port); plain_port=$(free_port)
while [ "$plain_port" = "$tls_port" ]; do plain_port=$(free_port); done
cat >"$work/broker/mosquitto.conf" <<EOF
per_listener_settings true
persistence false
log_dest file $work/broker/mosquitto.log
log_type all
listener $tls_port 127.0.0.1
cafile $work/broker/ca.crt
certfile $work/broker/broker.crt
keyfile $work/broker/broker.key
require_certificate true
use_identity_as_username true
listener $plain_port 127.0.0.1
allow_anonymous true
EOF
chown -R mosquitto: "$work/broker"
"$mosquitto" -c "$work/broker/mosquitto.conf" >/dev/null 2>&1 &
pids+=($!)
await_line "$work/broker/mosquitto.log" 30 "Opening ipv4 listen socket on port $plain_port"

step "lantaarn-node provision as root into /etc/lantaarn"
lantaarn-node provision --node lp-ci-01 --site ci-site --lat 51.6886 --lon 5.3042 --broker "ssl://127.0.0.1:$tls_port" \
  --out /etc/lantaarn --owner lantaarn --stream dust:particulates:sds011 >"$work/provision.txt"
[ "$(stat -c '%U %a' /etc/lantaarn/node.key)" = "lantaarn 600" ] || fail "node.key: $(stat -c '%U %a' /etc/lantaarn/node.key)"
lantaarn-config ca issue --dir "$work/ca" --node lp-ci-01 --csr /etc/lantaarn/node.csr --out /etc/lantaarn/node.crt >/dev/null
install -m 0644 "$work/ca/ca.crt" /etc/lantaarn/ca.crt
# No SDS011 on a CI machine: the stream reads recorded frames from a file instead of /dev/serial0, and the window
# is 5 s instead of the provisioned 60 s so that observations come quickly.
"$py" - "$work/sds011.bin" <<'EOF'
import sys
with open(sys.argv[1], "wb") as f:
    for i in range(200):
        pm25, pm10 = 120 + i % 7, 250 + i % 11
        d = [pm25 & 0xFF, pm25 >> 8, pm10 & 0xFF, pm10 >> 8, 0x12, 0x34]
        f.write(bytes([0xAA, 0xC0] + d + [sum(d) & 0xFF, 0xAB]))
EOF
chmod 0644 "$work/sds011.bin"
sed -i -e "s|^window: 60s|window: 5s|" \
  -e "s|  - {id: dust, sensor: particulates, driver: sds011}|  - {id: dust, sensor: particulates, driver: sds011, settings: {device: $work/sds011.bin}}|" /etc/lantaarn/node.yaml
grep -q "device: $work/sds011.bin" /etc/lantaarn/node.yaml && grep -q '^window: 5s' /etc/lantaarn/node.yaml || { cat /etc/lantaarn/node.yaml >&2; fail "could not point the stream at the recorded frames"; }

# Runs the installed lantaarn-node in the foreground as the lantaarn user with the service's environment file
# (its JVM flags), as the unit would: User=lantaarn, EnvironmentFile=/etc/lantaarn/node.env, NoNewPrivileges.
as_lantaarn() {
  (set -a; . /etc/lantaarn/node.env; set +a
   exec setpriv --reuid=lantaarn --regid=lantaarn --init-groups --no-new-privs -- /usr/bin/lantaarn-node "$@")
}
subscribe() {
  mosquitto_sub -h 127.0.0.1 -p "$plain_port" -t 'lantaarn/v1/nodes/lp-ci-01/#' -v >"$1" 2>&1 &
  pids+=($!)
}
# The highest seq of the node's observations in a mosquitto_sub -v log.
max_seq() { grep -E '^lantaarn/v1/nodes/lp-ci-01/obs/' "$1" | sed -E 's/.*"seq":([0-9]+).*/\1/' | sort -n | tail -1; }
outbox_rows() { "$py" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from outbox").fetchone()[0])' /var/lib/lantaarn/node/outbox.db; }
start_node() {
  # one process: the subshell execs setpriv, which execs the launcher, which execs java; $! is the node
  (set -a; . /etc/lantaarn/node.env; set +a
   exec setpriv --reuid=lantaarn --regid=lantaarn --init-groups --no-new-privs -- \
     /usr/bin/lantaarn-node run --config /etc/lantaarn/node.yaml --data-dir /var/lib/lantaarn/node) >"$1" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
}
stop_node() {
  kill -TERM "$node_pid"
  local rc=0; wait "$node_pid" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || fail "lantaarn-node exited with $rc on SIGTERM"
  if pgrep -u lantaarn >/dev/null; then fail "a process of user lantaarn is still running after the node stopped"; fi
}

step "lantaarn-node selftest as lantaarn"
as_lantaarn selftest --config /etc/lantaarn/node.yaml --data-dir /var/lib/lantaarn/node >"$work/selftest.txt" 2>&1 \
  || { cat "$work/selftest.txt" >&2; fail "selftest failed"; }
sed 's/^/  /' "$work/selftest.txt"
grep -E -q "PASS +broker ssl://127.0.0.1:$tls_port accepts node lp-ci-01: connected" "$work/selftest.txt" \
  || fail "selftest did not connect to the broker with the node's certificate"

step "lantaarn-node run as lantaarn ($v1)"
subscribe "$work/sub1.txt"
start_node "$work/node1.log"
await_line "$work/sub1.txt" 90 "^lantaarn/v1/nodes/lp-ci-01/status .*\"state\":\"online\".*\"runtimeVersion\":\"${v1//\~/-}\""
await_line "$work/sub1.txt" 90 '^lantaarn/v1/nodes/lp-ci-01/obs/dust .*"seq":2[,}]'
stop_node
seq1=$(max_seq "$work/sub1.txt"); rows1=$(outbox_rows)
step "birth with runtimeVersion ${v1//\~/-}; observations up to seq $seq1; $rows1 rows in the outbox"
echo "# changed on the ladder" >>/etc/lantaarn/node.env
sums_before=$(sha256sum /etc/lantaarn/node.yaml /etc/lantaarn/node.key /etc/lantaarn/node.crt /etc/lantaarn/node.env)

# --- upgrade ---------------------------------------------------------------------------------------------------
step "dpkg -i lantaarn-node $v2 (upgrade)"
dpkg -i "$work"/v2/lantaarn-node_*_all.deb >"$work/dpkg-v2.log" 2>&1 || { cat "$work/dpkg-v2.log" >&2; fail "upgrade"; }
[ "$(dpkg-query -W -f='${Version}' lantaarn-node)" = "$v2" ] || fail "lantaarn-node $v2 is not installed"
[ "$(lantaarn-node --version 2>&1 | tail -1)" = "lantaarn-node $release2" ] || fail "after the upgrade lantaarn-node --version prints '$(lantaarn-node --version 2>&1 | tail -1)'"
[ "$(sha256sum /etc/lantaarn/node.yaml /etc/lantaarn/node.key /etc/lantaarn/node.crt /etc/lantaarn/node.env)" = "$sums_before" ] \
  || fail "the upgrade changed the configuration"
[ "$(stat -c '%U %a' /etc/lantaarn/node.key)" = "lantaarn 600" ] || fail "node.key after the upgrade: $(stat -c '%U %a' /etc/lantaarn/node.key)"
rows2=$(outbox_rows)
[ "$rows2" -ge "$rows1" ] || fail "the outbox lost rows in the upgrade: $rows1 before, $rows2 after"
subscribe "$work/sub2.txt"
start_node "$work/node2.log"
await_line "$work/sub2.txt" 90 "^lantaarn/v1/nodes/lp-ci-01/status .*\"state\":\"online\".*\"runtimeVersion\":\"$release2\""
await_line "$work/sub2.txt" 90 "^lantaarn/v1/nodes/lp-ci-01/obs/dust .*\"seq\":$((seq1 + 1))[,}]"
stop_node
step "after the upgrade: configuration and key unchanged, $rows2 outbox rows kept, birth with runtimeVersion $release2, seq goes on at $((seq1 + 1))"

step "the gateway package runs as lantaarn with its installed configuration"
setpriv --reuid=lantaarn --regid=lantaarn --init-groups -- /usr/bin/lantaarn-gateway token create \
  --config /etc/lantaarn/gateway.yaml --role viewer --name ci >"$work/token.txt" 2>&1 || { cat "$work/token.txt" >&2; fail "lantaarn-gateway token create"; }
[ -n "$(ls -A /var/lib/lantaarn/gateway)" ] || fail "the gateway wrote nothing into /var/lib/lantaarn/gateway"
step "the gateway's class path holds the console and its WebJars, so the installed gateway serves it at /"
"$py" - /usr/share/lantaarn-gateway/lib <<'EOF' || fail "the console is not on the installed gateway's class path"
import glob, os, sys, zipfile
lib = sys.argv[1]
def holding(prefix):
    return [j for j in sorted(glob.glob(os.path.join(lib, "*.jar")))
            if any(n.startswith(prefix) for n in zipfile.ZipFile(j).namelist())]
for what, prefix in (("the console", "lantaarn-console/index.html"),
                     ("Leaflet's WebJar", "META-INF/resources/webjars/leaflet/"),
                     ("uPlot's WebJar", "META-INF/resources/webjars/uplot/")):
    jars = holding(prefix)
    if not jars:
        sys.exit(f"{what}: no jar in {lib} holds {prefix}")
    print(f"  {what}: {os.path.basename(jars[0])}")
EOF

# --- 3. purge --------------------------------------------------------------------------------------------------
step "dpkg --remove, then dpkg --purge"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
dpkg --remove lantaarn-node lantaarn-gateway lantaarn-tools >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg --remove"; }
getent passwd lantaarn >/dev/null || fail "dpkg --remove took the user lantaarn away"
for kept in /etc/lantaarn/node.key /etc/lantaarn/node.yaml /etc/lantaarn/node.env /var/lib/lantaarn/node/outbox.db; do
  [ -e "$kept" ] || fail "dpkg --remove took $kept away"
done
[ ! -e /usr/bin/lantaarn-node ] || fail "dpkg --remove left /usr/bin/lantaarn-node"
step "dpkg --remove keeps the user, the configuration and the outbox"
dpkg --purge "${packages[@]}" >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge"; }
sed 's/^/  /' "$work/purge.log"
snapshot >"$work/files-after"
left=$(comm -13 "$work/files-before" "$work/files-after")
[ -z "$left" ] || { echo "$left" >&2; fail "files left behind after purge"; }
getent passwd lantaarn >/dev/null && fail "the user lantaarn is still there after purge"
for deb in "$work"/v1/*.deb "$work"/v2/*.deb; do
  dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' | while read -r path; do
    [ -z "$path" ] || [ -d "$path" ] || [ ! -e "$path" ] || fail "$path is still there after purge"
  done
done
step "nothing left: $(wc -l <"$work/files-before") paths before install, $(wc -l <"$work/files-after") after purge, no user lantaarn"
