package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes the codec's encoding of every sample, pretty-printed, to {@code target/wire-examples/}: the
 * examples in {@code docs/protocol.md} are pasted from there, so they are what the real codec writes.
 */
class WireExamplesTest {
    @Test
    void writes_an_example_of_every_message_that_the_codec_reads_back() throws IOException {
        JsonCodec codec = new JsonCodec();
        ObjectMapper mapper = new ObjectMapper();
        Path dir = Path.of("target", "wire-examples");
        Files.createDirectories(dir);
        for (Map.Entry<String, Message> e : Samples.all().entrySet()) {
            byte[] encoded = codec.encode(e.getValue());
            String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(encoded));
            Files.writeString(dir.resolve(e.getKey().replace(' ', '-') + ".json"), pretty + "\n");
            assertThat(codec.decode(pretty.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isEqualTo(new Decoded.Accepted(e.getValue()));
        }
    }
}
