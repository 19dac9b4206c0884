# Sourced by the installed Lantaarn launchers (/usr/bin/lantaarn-*): finds a Java 21 or newer runtime and sets
# LANTAARN_JAVA to its java binary. A runtime is enough (no javac needed), unlike the checkout's scripts/java-home.sh.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, then the newest 21+ under /usr/lib/jvm.

lantaarn_java_major() {
  # prints the feature version of the java binary in $1 (17, 21, 25, ...), or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

lantaarn_find_java() {
  candidate="" major=0 best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(lantaarn_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME/bin/java"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    major=$(lantaarn_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(lantaarn_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if ! LANTAARN_JAVA=$(lantaarn_find_java); then
  echo "Lantaarn needs Java 21 or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one: apt-get install openjdk-21-jre-headless (or set JAVA_HOME)." >&2
  exit 1
fi
# sqlite-jdbc loads native code; JDK 24+ warns unless it is allowed.
LANTAARN_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
if [ "$(lantaarn_java_major "$LANTAARN_JAVA")" -ge 23 ]; then
  # Guava (inside the gateway's embedded broker) uses sun.misc.Unsafe; the quiet flag exists from JDK 23.
  LANTAARN_JVM_FLAGS="$LANTAARN_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
fi
