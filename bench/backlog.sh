#!/usr/bin/env bash
# End-to-end benchmark "backlog" against a real Mosquitto (see docs/performance.md). Extra arguments: --key value.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" org.lantaarn.bench.e2e.BenchMain backlog "$@"
