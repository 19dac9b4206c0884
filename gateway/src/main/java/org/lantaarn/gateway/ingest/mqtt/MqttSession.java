package org.lantaarn.gateway.ingest.mqtt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT 5 session (Paho): clean start false with a session expiry, so the broker keeps the
 * subscription and queues QoS 1 messages while the gateway is away; one subscription at QoS 1 to the nodes' topics.
 *
 * <p>Delivery: the handler runs inside Paho's {@code messageArrived}, and Paho sends the PUBACK only after it
 * returns, so a message is stored before it is acknowledged. When the handler throws a {@link StoreException} the
 * message is not acknowledged: Paho drops the connection and the broker delivers it again after the reconnect. Any
 * other exception is logged and the message acknowledged; nothing from outside stops the delivery thread.
 *
 * <p>Reconnects on its own thread ({@code lantaarn-mqtt-connect}) with capped exponential backoff and jitter, each time
 * with a fresh Paho client (same client id, so the same broker session): Paho 1.2.5 reused after a broker that came
 * back from an older saved state (SIGKILL) was seen to stop receiving for good. Its
 * {@link #publish} blocks until the PUBACK and must not be called from the delivery thread. Thread-safe.
 */
public final class MqttSession implements Publisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final long BACKOFF_BASE_MS = 250;
    private static final long BACKOFF_CAP_MS = 30_000;
    private static final long OPERATION_TIMEOUT_MS = 10_000;

    /** Where the session is. */
    public enum State {
        CONNECTING("connecting"), CONNECTED("connected"), DISCONNECTED("disconnected"), CLOSED("closed");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final String serverUri;
    private final javax.net.ssl.SSLSocketFactory tls;
    private final String filter;
    private final Duration sessionExpiry;
    private final BiConsumer<String, byte[]> handler;
    private final String clientId;
    private volatile MqttAsyncClient client;
    private boolean clientUsed;
    private final ScheduledExecutorService connector;
    private final Object lock = new Object();
    private volatile State state = State.DISCONNECTED;
    private int attempts;
    private boolean reconnectScheduled;

    /**
     * @param serverUri     broker URI, e.g. {@code tcp://127.0.0.1:1883}
     * @param clientId      client id of the persistent session
     * @param filter        the subscription filter (possibly {@code $share/...})
     * @param sessionExpiry how long the broker keeps the session
     * @param handler       stores one message; runs on Paho's delivery thread
     */
    public MqttSession(String serverUri, String clientId, String filter, Duration sessionExpiry, BiConsumer<String, byte[]> handler) {
        this(serverUri, clientId, filter, sessionExpiry, handler, null);
    }

    /** As above, over mutual TLS with {@code tls} (for an {@code ssl://} broker), or plain when it is {@code null}. */
    public MqttSession(String serverUri, String clientId, String filter, Duration sessionExpiry, BiConsumer<String, byte[]> handler,
                       javax.net.ssl.SSLSocketFactory tls) {
        this.tls = tls;
        this.serverUri = serverUri;
        this.filter = filter;
        this.sessionExpiry = sessionExpiry;
        this.handler = handler;
        this.clientId = clientId;
        this.client = newClient();
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            c.setCallback(new Callback(c));
            return c;
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + serverUri + ": " + e.getMessage(), e);
        }
    }

    /** Closes the client of the previous connection and makes a new one. Connector thread only. */
    private void freshClient() {
        if (!clientUsed) {
            clientUsed = true;
            return;
        }
        MqttAsyncClient old = client;
        client = newClient();
        try {
            if (old.isConnected()) {
                old.disconnectForcibly(0, 1000, false);
            }
            old.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT closing the previous client: {}", e.getMessage());
        }
    }

    /**
     * Connects and subscribes, waiting up to {@code wait} for the first success; after that keeps trying in the
     * background. Returns whether the session is connected.
     */
    public boolean start(Duration wait) {
        var first = connector.submit(this::attempt);
        try {
            first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("MQTT broker {} not reached within {}; still trying", serverUri, wait);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("MQTT connection attempt failed: {}", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return state == State.CONNECTED;
    }

    /** One attempt to connect and subscribe; on failure schedules the next with backoff. Runs on the connector thread. */
    private void attempt() {
        synchronized (lock) {
            reconnectScheduled = false;
            if (state == State.CLOSED || state == State.CONNECTED) {
                return;
            }
            state = State.CONNECTING;
        }
        try {
            freshClient();
            MqttAsyncClient client = this.client;
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(sessionExpiry.toSeconds());
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(30);
            o.setConnectionTimeout(10);
            if (tls != null) {
                o.setSocketFactory(tls);
            }
            IMqttToken connect = client.connect(o);
            connect.waitForCompletion(OPERATION_TIMEOUT_MS);
            boolean sessionPresent = connect.getSessionPresent();
            IMqttToken sub = client.subscribe(filter, 1);
            sub.waitForCompletion(OPERATION_TIMEOUT_MS);
            int[] codes = sub.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new MqttException(codes[0]);
            }
            synchronized (lock) {
                if (state == State.CLOSED) {
                    return;
                }
                state = State.CONNECTED;
                attempts = 0;
            }
            LOG.info("MQTT connected to {} as {}, subscribed to {} (session present: {})", serverUri, client.getClientId(), filter, sessionPresent);
        } catch (MqttException | RuntimeException e) {
            LOG.warn("MQTT connection to {} failed: {}", serverUri, e.getMessage() == null ? e.toString() : e.getMessage());
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false);
                }
            } catch (MqttException ignored) {
                // the next attempt starts afresh
            }
            synchronized (lock) {
                if (state != State.CLOSED) {
                    state = State.DISCONNECTED;
                }
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (lock) {
            if (state == State.CLOSED || reconnectScheduled) {
                return;
            }
            reconnectScheduled = true;
            delay = backoffMillis(attempts++);
        }
        try {
            connector.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            LOG.info("MQTT reconnecting to {} in {} ms", serverUri, delay);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Capped exponential backoff with jitter: a random delay between half and all of min(cap, base * 2^attempt). */
    static long backoffMillis(int attempt) {
        long ceiling = BACKOFF_CAP_MS;
        if (attempt < 20) {
            ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << attempt);
        }
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        if (state != State.CONNECTED) {
            throw new PublishException("MQTT session is " + state.wire() + ": cannot publish to " + topic);
        }
        try {
            IMqttToken t = client.publish(topic, payload, qos, retained);
            t.waitForCompletion(OPERATION_TIMEOUT_MS);
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new PublishException("broker refused the publish to " + topic + " with reason code " + codes[0]);
            }
        } catch (MqttException e) {
            throw new PublishException("publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return state == State.CONNECTED && client.isConnected();
    }

    public State state() {
        return state;
    }

    public String serverUri() {
        return serverUri;
    }

    /** Disconnects gracefully (the broker keeps the session for its expiry) and stops reconnecting. */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        connector.shutdownNow();
        try {
            connector.awaitTermination(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(5000).waitForCompletion(OPERATION_TIMEOUT_MS);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.getMessage());
        }
        LOG.info("MQTT session to {} closed", serverUri);
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            synchronized (lock) {
                if (state == State.CLOSED || owner != client) {
                    return;
                }
                state = State.DISCONNECTED;
            }
            LOG.warn("MQTT connection to {} lost: {}", serverUri,
                    response.getException() != null ? response.getException().getMessage() : response.getReasonString());
            scheduleReconnect();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            try {
                handler.accept(topic, message.getPayload());
            } catch (StoreException e) {
                // Not stored, so not acknowledged: Paho drops the connection and the broker delivers it again.
                LOG.error("store failed; message on {} not acknowledged, reconnecting: {}", topic, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                LOG.error("unexpected failure handling a message on {}; acknowledged and skipped", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
