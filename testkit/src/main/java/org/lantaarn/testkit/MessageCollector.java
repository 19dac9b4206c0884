package org.lantaarn.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An MQTT 5 client for tests that subscribes to a filter at QoS 2 (so it gets each message at the QoS it
 * was published with, exactly once for QoS 2 even across a broker restart) and keeps every message it
 * receives, in arrival order. With {@code persistentSession} it uses clean start false and a long
 * session expiry, so messages published while the broker restarts are delivered after it reconnects.
 * Thread-safe.
 */
public final class MessageCollector implements AutoCloseable {
    /** One received message. */
    public record Received(String topic, String payload, boolean retained) {}

    private final MqttClient client;
    private final List<Received> messages = new ArrayList<>();

    private MessageCollector(String uri, String filter, boolean persistentSession) throws MqttException {
        this(uri, filter, persistentSession, null, 2);
    }

    private MessageCollector(String uri, String filter, boolean persistentSession, javax.net.SocketFactory tls) throws MqttException {
        this(uri, filter, persistentSession, tls, 2);
    }

    private MessageCollector(String uri, String filter, boolean persistentSession, javax.net.SocketFactory tls, int qos)
            throws MqttException {
        this(uri, filter, persistentSession, tls, qos, 0);
    }

    private MessageCollector(String uri, String filter, boolean persistentSession, javax.net.SocketFactory tls, int qos,
                             int receiveMaximum) throws MqttException {
        client = new MqttClient(uri, "collector-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions opts = new MqttConnectionOptions();
        if (tls != null) {
            opts.setSocketFactory(tls);
        }
        opts.setCleanStart(!persistentSession);
        opts.setSessionExpiryInterval(persistentSession ? 3600L : 0L);
        opts.setAutomaticReconnect(true);
        opts.setAutomaticReconnectDelay(1, 2);
        if (receiveMaximum > 0) {
            opts.setReceiveMaximum(receiveMaximum);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                synchronized (messages) {
                    messages.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect && !persistentSession) {
                    try {
                        client.subscribe(filter, qos);
                    } catch (MqttException ignored) {
                        // the next reconnect tries again
                    }
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {}
        });
        client.connect(opts);
        client.subscribe(filter, qos);
    }

    /** Subscribes to {@code filter} on the broker at {@code uri} with a clean session. */
    public static MessageCollector subscribe(String uri, String filter) {
        return create(uri, filter, false);
    }

    /** Subscribes over TLS ({@code ssl://} URI) with the given socket factory (which carries the client certificate). */
    public static MessageCollector subscribe(String uri, String filter, javax.net.SocketFactory tls) {
        try {
            return new MessageCollector(uri, filter, false, tls);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter + " on " + uri + ": " + e, e);
        }
    }

    /** Subscribes with a persistent session that survives broker restarts. */
    public static MessageCollector subscribePersistent(String uri, String filter) {
        return create(uri, filter, true);
    }

    /** Subscribes at {@code qos} with a persistent session that survives broker restarts (receive maximum 65535). */
    public static MessageCollector subscribePersistent(String uri, String filter, int qos) {
        try {
            return new MessageCollector(uri, filter, true, null, qos);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter + " on " + uri + ": " + e, e);
        }
    }

    /**
     * As {@link #subscribePersistent(String, String, int)}, announcing {@code receiveMaximum} in CONNECT: a broker
     * then keeps up to that many messages in flight to this consumer instead of queueing them (where a queue limit
     * such as Mosquitto's {@code max_queued_messages} would drop them).
     */
    public static MessageCollector subscribePersistent(String uri, String filter, int qos, int receiveMaximum) {
        try {
            return new MessageCollector(uri, filter, true, null, qos, receiveMaximum);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter + " on " + uri + ": " + e, e);
        }
    }

    private static MessageCollector create(String uri, String filter, boolean persistent) {
        try {
            return new MessageCollector(uri, filter, persistent);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter + " on " + uri + ": " + e, e);
        }
    }

    /** A snapshot of everything received so far. */
    public List<Received> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public int count() {
        synchronized (messages) {
            return messages.size();
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // closing anyway
        }
    }
}
