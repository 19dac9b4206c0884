package org.lantaarn.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The example documents under {@code src/test/resources/configs}, and edited copies of them. */
final class Documents {
    static final YAMLMapper YAML = new YAMLMapper();

    private Documents() {}

    static Path path(String name) {
        try {
            return Path.of(Documents.class.getResource("/configs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The valid example as a tree to edit. */
    static ObjectNode valid() {
        try (InputStream in = Documents.class.getResourceAsStream("/configs/node-valid.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The smallest valid document: every optional field left out. */
    static String minimal() {
        return """
                schema: lantaarn.config/1
                node: lp-1
                site: centre
                version: 1
                location: {lat: 52.0, lon: 5.0}
                purpose: count passers-by
                legalGround: public task
                uplink: {broker: "tcp://localhost:1883"}
                streams:
                  - {id: motion, sensor: motion}
                """;
    }

    /** The valid example after {@code edit}, written back as YAML. */
    static byte[] validWith(Consumer<ObjectNode> edit) {
        ObjectNode doc = valid();
        edit.accept(doc);
        try {
            return YAML.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
