#!/usr/bin/env bash
# The JMH hot paths with their raw baselines; writes bench/results/{probe-pipeline,sound-level,codec-*,outbox-insert}.json.
# Arguments: [--forks 1] [--warmups 3] [--iterations 5] [--time 1] [regex of benchmarks]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" org.lantaarn.bench.jmh.JmhSuite "$@"
