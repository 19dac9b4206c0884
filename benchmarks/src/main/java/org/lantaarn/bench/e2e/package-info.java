/**
 * End-to-end harnesses against a real Mosquitto started on a free loopback port: gateway ingest, backlog drain, node
 * footprint and simulator scale, each beside its raw baseline measured in the same run. {@link org.lantaarn.bench.e2e.BenchMain}
 * is the entry point; {@link org.lantaarn.bench.e2e.Result} prints the table and writes {@code bench/results/<name>.json}.
 */
package org.lantaarn.bench.e2e;
