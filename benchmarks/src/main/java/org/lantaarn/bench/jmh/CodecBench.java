package org.lantaarn.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wire codec on one observation: {@link JsonCodec} encode and decode (with every field validated and the topic
 * checked), against Jackson writing and reading the same JSON as a bare tree. Scores are messages per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    private Observation observation;
    private byte[] bytes;
    private JsonNode tree;
    private String topic;

    @Setup
    public void setUp() throws IOException {
        observation = Samples.observation("markt-01", 4711, Instant.parse("2026-05-01T12:01:00Z"));
        bytes = codec.encode(observation);
        tree = mapper.readTree(bytes);
        topic = codec.topics().obs("markt-01", "noise");
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(observation);
    }

    @Benchmark
    public Decoded decode() {
        return codec.decode(topic, bytes);
    }

    @Benchmark
    public byte[] jacksonWrite() throws IOException {
        return mapper.writeValueAsBytes(tree);
    }

    @Benchmark
    public JsonNode jacksonRead() throws IOException {
        return mapper.readTree(bytes);
    }
}
