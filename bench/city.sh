#!/usr/bin/env bash
# City-scale benchmarks of issue 13 (see docs/performance.md, "City scale (issue 13)"):
#   bench/city.sh pg-ingest|twin-latency|tables [--key value ...]
# They need Mosquitto and Debian's postgresql package (a throw-away cluster is started on a free port).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mode="${1:?usage: bench/city.sh pg-ingest|twin-latency|tables [--key value ...]}"
shift
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" org.lantaarn.bench.e2e.BenchMain "$mode" "$@"
