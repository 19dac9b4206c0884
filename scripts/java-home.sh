# Sourced by ./lantaarn, ./mvnw and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, then the newest JDK under /usr/lib/jvm.

lantaarn_java_major() {
  # prints the feature version of the java binary in $1 (17, 21, 25, ...), or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

lantaarn_find_java_home() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(lantaarn_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(lantaarn_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ -x "$candidate/bin/javac" ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/ /opt/java/*/ /usr/local/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(lantaarn_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if ! JAVA_HOME=$(lantaarn_find_java_home); then
  echo "Lantaarn needs a JDK 21 or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Guava (inside Maven, and inside the embedded broker) prints sun.misc.Unsafe warnings on JDK 24+; the
# flag that allows the access quietly only exists from JDK 23. sqlite-jdbc loads native code.
LANTAARN_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
if [ "$(lantaarn_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
  LANTAARN_JVM_FLAGS="$LANTAARN_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
export LANTAARN_JVM_FLAGS
