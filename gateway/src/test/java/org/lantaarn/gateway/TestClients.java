package org.lantaarn.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;

/** A plain Paho publisher standing in for a node, and a small HTTP client. */
public final class TestClients {
    private TestClients() {}

    /** A node-like MQTT 5 publisher at QoS 1. */
    public static final class NodePublisher implements AutoCloseable {
        private final MqttClient client;
        private final JsonCodec codec = new JsonCodec();

        public NodePublisher(String uri) {
            try {
                client = new MqttClient(uri, "test-node-" + UUID.randomUUID(), new MemoryPersistence());
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setCleanStart(true);
                client.connect(o);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }

        public void send(String topic, Message m, boolean retained) {
            raw(topic, codec.encode(m), retained);
        }

        public void raw(String topic, byte[] payload, boolean retained) {
            try {
                MqttMessage msg = new MqttMessage(payload);
                msg.setQos(1);
                msg.setRetained(retained);
                client.publish(topic, msg);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }

        public void raw(String topic, String payload) {
            raw(topic, payload.getBytes(StandardCharsets.UTF_8), false);
        }

        @Override
        public void close() {
            try {
                client.disconnect();
                client.close();
            } catch (MqttException ignored) {
                // test teardown
            }
        }
    }

    /** A GET answer: status and parsed JSON body. */
    public record Answer(int status, String contentType, JsonNode json) {}

    /** Follows redirects, as browsers and curl -L do: the unversioned /api paths answer 308 to /api/v1. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Answer get(int port, String pathAndQuery) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with a method, an optional bearer token and an optional body; the answer's JSON may be null. */
    public static Answer send(int port, String method, String path, String token, byte[] body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
                    r.body().isEmpty() ? null : MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
