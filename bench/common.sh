# Sourced by bench/*.sh: finds a JDK, builds the benchmarks module (never installs into ~/.m2) and sets $CP.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/java-home.sh
source "$root/scripts/java-home.sh"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -o package -pl benchmarks -am -DskipTests) >&2
fi
CP="$root/benchmarks/target/lantaarn-benchmarks.jar:$root/benchmarks/target/lib/*"
JAVA="$JAVA_HOME/bin/java"
cd "$root"
