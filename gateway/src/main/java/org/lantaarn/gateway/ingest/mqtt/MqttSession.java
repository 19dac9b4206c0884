package org.lantaarn.gateway.ingest.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.lantaarn.gateway.ingest.Ingest;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT 5 session (Paho): clean start false with a session expiry, so the broker keeps the
 * subscription and queues QoS 1 messages while the gateway is away; one subscription at QoS 1 to the nodes' topics.
 *
 * <p>Delivery, with group commit: Paho's acknowledgements are manual ({@code setManualAcks(true)}). Paho's delivery
 * thread only queues each message; the ingest thread ({@code lantaarn-ingest}) takes everything waiting (up to
 * {@value #MAX_BATCH}), hands it to the handler, which stores the whole batch in one transaction, and only after the
 * handler returns sends the PUBACKs, in arrival order, on the connection each message came on. So a message is
 * stored before it is acknowledged, as before, but one commit covers many messages. When the handler throws (a
 * {@link StoreException}: the database failed) nothing of the batch is acknowledged: the session drops that
 * connection and reconnects, and the broker delivers the messages again (clean start false). Nothing from outside
 * stops the ingest thread: a message that is rejected or trips a bug is settled inside the batch.
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
    /** The most messages stored in one transaction and acknowledged after its commit. */
    static final int MAX_BATCH = 500;
    /** Receive Maximum the session asks of the broker: how many QoS 1 messages may wait for their PUBACK. */
    private static final int RECEIVE_MAXIMUM = 1000;

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
    private final Consumer<List<Ingest.Incoming>> handler;
    /**
     * Payload bytes (plus a per-message allowance) the inbox holds before Paho's delivery thread waits for room. While
     * it waits, Paho's reader stops, and with it the acknowledgements of this connection's own publishes (twin,
     * receipts): a bound counted in messages (it was 4,000) filled within a second of a burst and held the twin feed
     * until the store had caught up. Bounded in bytes, a burst of up to this much waits in memory, unacknowledged
     * (a crash loses nothing: the broker sends it again), while the twin feed goes on. Well within the packaged
     * {@code -Xmx512m}.
     */
    static final int INBOX_BYTES = 32 << 20;
    private static final int DELIVERY_OVERHEAD_BYTES = 128;
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final java.util.concurrent.Semaphore inboxRoom = new java.util.concurrent.Semaphore(INBOX_BYTES);
    private final Thread ingestThread;
    private final String clientId;
    private volatile MqttAsyncClient client;
    private boolean clientUsed;
    private final ScheduledExecutorService connector;
    private final Object lock = new Object();
    private volatile State state = State.DISCONNECTED;
    private int attempts;
    private boolean reconnectScheduled;
    private volatile BrokerListener brokerListener = new BrokerListener() {};
    private volatile java.util.concurrent.CountDownLatch uptimeSeen;
    /** How long a (re)connect waits for the broker's retained uptime before the session counts as connected. */
    static final long UPTIME_WAIT_MS = 2000;

    /** The topic where Mosquitto (and most brokers) say how long they have been running, in seconds. */
    public static final String UPTIME_TOPIC = "$SYS/broker/uptime";

    /** What the session learns about the broker itself, for noticing that it lost its state. Called on Paho threads. */
    public interface BrokerListener {
        /** A (re)connect completed; {@code sessionPresent} as the broker's CONNACK said. */
        default void connected(boolean sessionPresent) {}

        /** The broker reported its uptime. */
        default void uptime(long seconds) {}
    }

    /** Sets who hears of (re)connects and the broker's uptime. */
    public void brokerListener(BrokerListener listener) {
        this.brokerListener = listener;
    }

    /**
     * @param serverUri     broker URI, e.g. {@code tcp://127.0.0.1:1883}
     * @param clientId      client id of the persistent session
     * @param filter        the subscription filter (possibly {@code $share/...})
     * @param sessionExpiry how long the broker keeps the session
     * @param handler       stores one message; runs on the ingest thread
     */
    public MqttSession(String serverUri, String clientId, String filter, Duration sessionExpiry, BiConsumer<String, byte[]> handler) {
        this(serverUri, clientId, filter, sessionExpiry, one(handler), null);
    }

    /**
     * As above, over mutual TLS with {@code tls} (for an {@code ssl://} broker), or plain when it is {@code null};
     * {@code handler} stores a whole batch, durably, before it returns, and throws when it stored none of it.
     */
    public MqttSession(String serverUri, String clientId, String filter, Duration sessionExpiry, Consumer<List<Ingest.Incoming>> handler,
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
        this.ingestThread = new Thread(this::ingestLoop, "lantaarn-ingest");
        this.ingestThread.setDaemon(true);
        this.ingestThread.start();
    }

    private static Consumer<List<Ingest.Incoming>> one(BiConsumer<String, byte[]> handler) {
        return batch -> batch.forEach(in -> handler.accept(in.topic(), in.payload()));
    }

    /** One message waiting for the store, with what is needed to acknowledge it on the connection it came on. */
    private record Delivery(MqttAsyncClient client, int id, int qos, String topic, byte[] payload) {
        /** What it holds of the inbox's room ({@link #INBOX_BYTES}). */
        int cost() {
            return Math.min(INBOX_BYTES, payload.length + 2 * topic.length() + DELIVERY_OVERHEAD_BYTES);
        }
    }

    /** The ingest thread: stores what is waiting as one batch, then acknowledges it in arrival order. */
    private void ingestLoop() {
        List<Delivery> batch = new ArrayList<>(MAX_BATCH);
        while (state != State.CLOSED) {
            try {
                Delivery first = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                inbox.drainTo(batch, MAX_BATCH - 1);
                try {
                    storeAndAcknowledge(batch);
                } finally {
                    int room = 0;
                    for (Delivery d : batch) {
                        room += d.cost();
                    }
                    inboxRoom.release(room);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("ingest thread: unexpected failure", e);
            }
        }
    }

    /** Stores one batch and acknowledges it in arrival order; a batch that could not be stored is not acknowledged. */
    private void storeAndAcknowledge(List<Delivery> batch) {
        List<Ingest.Incoming> in = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            in.add(new Ingest.Incoming(d.topic(), d.payload()));
        }
        try {
            handler.accept(in);
        } catch (RuntimeException e) {
            // Not stored, so not acknowledged: drop the connections these came on; the broker sends them again.
            LOG.error("store failed; {} message(s) not acknowledged, reconnecting: {}", batch.size(), e.toString());
            abandon(batch);
            return;
        }
        for (Delivery d : batch) {
            acknowledge(d);
        }
    }

    private void acknowledge(Delivery d) {
        if (d.qos() == 0) {
            return;
        }
        try {
            d.client().messageArrivedComplete(d.id(), d.qos());
        } catch (MqttException | RuntimeException e) {
            // The connection it came on is gone: the broker sends it again, and the store deduplicates it.
            LOG.debug("MQTT acknowledging message {}: {}", d.id(), e.getMessage());
        }
    }

    /** Drops the connections of a batch that could not be stored, so that the broker delivers it again. */
    private void abandon(List<Delivery> batch) {
        java.util.Set<MqttAsyncClient> clients = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Delivery d : batch) {
            clients.add(d.client());
        }
        for (MqttAsyncClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 1000, false);
                }
            } catch (MqttException | RuntimeException e) {
                LOG.debug("MQTT dropping the connection: {}", e.getMessage());
            }
            synchronized (lock) {
                if (state == State.CLOSED || c != client) {
                    continue;
                }
                state = State.DISCONNECTED;
            }
            scheduleReconnect();
        }
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            c.setManualAcks(true);
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
            if (state == State.CLOSED || (state == State.CONNECTED && client.isConnected())) {
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
            o.setReceiveMaximum(RECEIVE_MAXIMUM);
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
            learnBrokerState(client, sessionPresent);
            synchronized (lock) {
                if (state == State.CLOSED) {
                    return;
                }
                if (state != State.CONNECTING || !client.isConnected()) {
                    // Dropped while subscribing (a batch from this connection could not be stored): try again.
                    throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECTION_LOST);
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

    /** Publishes without waiting; the future completes when the broker has acknowledged it (PUBACK, or PUBCOMP at QoS 2). */
    @Override
    public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (state != State.CONNECTED) {
            done.completeExceptionally(new PublishException("MQTT session is " + state.wire() + ": cannot publish to " + topic));
            return done;
        }
        try {
            client.publish(topic, payload, qos, retained, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    int[] codes = t.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        done.completeExceptionally(new PublishException(
                                "broker refused the publish to " + topic + " with reason code " + codes[0]));
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    done.completeExceptionally(new PublishException("publish to " + topic + " failed: " + e, e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(new PublishException("publish to " + topic + " failed: " + e.getMessage(), e));
        }
        return done;
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
        ingestThread.interrupt();
        try {
            connector.awaitTermination(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            // The batch being stored finishes and is acknowledged; what is still queued is not, and comes again.
            ingestThread.join(OPERATION_TIMEOUT_MS);
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

    /**
     * Before the session counts as connected (so before the twin feed publishes on it): tells the listener whether the
     * session was present, and waits up to {@link #UPTIME_WAIT_MS} for the broker's retained uptime, so that a
     * broker that restarted is noticed before anything new is published. Best effort: a broker (or an ACL) without
     * {@code $SYS} leaves only the session-present sign.
     */
    private void learnBrokerState(MqttAsyncClient client, boolean sessionPresent) {
        brokerListener.connected(sessionPresent);
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        uptimeSeen = seen;
        try {
            IMqttToken t = client.subscribe(UPTIME_TOPIC, 0);
            t.waitForCompletion(OPERATION_TIMEOUT_MS);
            int[] codes = t.getReasonCodes();
            if (codes == null || codes.length == 0 || codes[0] < 0x80) {
                seen.await(UPTIME_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT subscribing to {}: {}", UPTIME_TOPIC, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void uptimeArrived(MqttMessage message) {
        String text = new String(message.getPayload(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        int space = text.indexOf(' ');
        try {
            brokerListener.uptime(Long.parseLong(space < 0 ? text : text.substring(0, space)));
            java.util.concurrent.CountDownLatch seen = uptimeSeen;
            if (seen != null) {
                seen.countDown();
            }
        } catch (NumberFormatException e) {
            LOG.debug("broker uptime not understood: {}", text);
        }
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
            if (UPTIME_TOPIC.equals(topic)) {
                uptimeArrived(message);
                return;
            }
            // Queued for the ingest thread, which acknowledges it once stored. Waits for room (holding back Paho's
            // reader, and with it the acknowledgements of this connection's own publishes: twin, receipts) only when
            // INBOX_BYTES are waiting: Mosquitto 2.0.11 does not keep to the Receive Maximum once acknowledgements
            // flow (14,499 to 15,200 unacknowledged against 1,000, measured; docs/performance.md).
            Delivery d = new Delivery(owner, message.getId(), message.getQos(), topic, message.getPayload());
            inboxRoom.acquire(d.cost());
            inbox.add(d);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
