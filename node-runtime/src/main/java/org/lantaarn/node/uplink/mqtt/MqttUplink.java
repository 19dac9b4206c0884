package org.lantaarn.node.uplink.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.NodeException;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.uplink.Backoff;
import org.lantaarn.node.uplink.DeliveryPolicy;
import org.lantaarn.node.uplink.PublishPacer;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 5 uplink (Paho {@link MqttAsyncClient}). Client id = node id, clean start false, session
 * expiry from the configuration, a retained QoS 1 offline status as last will. On every connect it
 * subscribes to the node's {@code receipt} topic, publishes the retained online birth, and publishes the
 * outbox at QoS 1 strictly in seq order from the first unconfirmed row, with at most
 * {@value #MAX_IN_FLIGHT} in flight. A PUBACK below 0x80 marks the row published; a refusal (0x80 and up)
 * is logged with its reason and the row is sent again later (Paho 1.2.5 also drops the connection on
 * such a PUBACK, so "later" is after the next reconnect, whose backoff then keeps growing). A receipt
 * deletes the rows it covers. Publishes are paced by the {@link DeliveryPolicy} (a backlog drains at a bounded
 * rate), and when published rows stay unreceipted past its timeout (a broker dropped them, or the gateway missed
 * them) every unreceipted row is sent again in seq order; that wait doubles while no receipt moves.
 *
 * <p><b>Threads.</b> One virtual thread, {@code lantaarn-uplink-<node>}, owns the connection: it connects,
 * reconnects with capped exponential backoff and full jitter, reads the outbox and publishes, and says
 * goodbye on {@link #close()}. Paho's callbacks only update counters under {@code lock} and signal it.
 * Every Paho client is used for one connection only, then closed.
 */
public final class MqttUplink implements Uplink {
    /** Most outbox rows published and not yet acknowledged by the broker. */
    public static final int MAX_IN_FLIGHT = 10;

    private static final Logger log = LoggerFactory.getLogger(MqttUplink.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STABLE = Duration.ofSeconds(10);

    private final UplinkContext ctx;
    private final NodeConfig config;
    private final String node;
    private final Topics topics;
    private final JsonCodec codec;
    private final Backoff refusalBackoff = Backoff.defaults(new Random());
    private final javax.net.ssl.SSLSocketFactory tls;
    private final DeliveryPolicy delivery;
    private final PublishPacer pacer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private MqttAsyncClient client;
    private long epoch;
    private boolean live;
    private int inFlight;
    private long cursor;
    private long rewindTo = -1;
    private long acknowledgedEpoch = -1;
    private long refusedEpoch = -1;
    private boolean pending = true;
    private boolean stopping;
    private boolean graceful = true;
    private CompletableFuture<IMqttToken> connecting;
    private long receiptSeq;
    private long lastProgressNanos = System.nanoTime();
    private long resendAfterNanos;

    private volatile boolean connected;
    private final java.util.concurrent.atomic.AtomicLong refusals = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong resends = new java.util.concurrent.atomic.AtomicLong();
    private Thread loop;

    public MqttUplink(UplinkContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.node = config.node();
        this.tls = tlsOf(config, node);
        this.topics = new Topics(config.uplink().topicPrefix());
        this.codec = new JsonCodec(topics);
        this.delivery = ctx.delivery();
        this.pacer = new PublishPacer(delivery.publishesPerSecond(), MAX_IN_FLIGHT, System::nanoTime);
        this.resendAfterNanos = delivery.resendAfter().toNanos();
    }

    /**
     * The mutual-TLS socket factory for an {@code ssl://} broker (refusing a private key others can read), or
     * {@code null} for a plain {@code tcp://} one.
     */
    static javax.net.ssl.SSLSocketFactory tlsOf(NodeConfig config, String node) {
        String broker = config.uplink().broker();
        var t = config.uplink().tls();
        if (broker.startsWith("tcp://")) {
            if (t != null) {
                throw new NodeException("node " + node + ": uplink.tls is set but the broker URI is plain tcp://: " + broker);
            }
            return null;
        }
        if (!broker.startsWith("ssl://")) {
            throw new NodeException("node " + node + ": broker URI must be ssl://host:port (mutual TLS) or tcp://host:port: " + broker);
        }
        if (t == null) {
            throw new NodeException("node " + node + ": an ssl:// broker needs uplink.tls (ca, cert, key)");
        }
        try {
            return new org.lantaarn.config.pki.TlsFiles(t.caFile(), t.certFile(), t.keyFile()).socketFactory();
        } catch (org.lantaarn.config.pki.PkiException e) {
            throw new NodeException("node " + node + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean publishConfigAck(org.lantaarn.protocol.ConfigAck ack) {
        MqttAsyncClient c;
        lock.lock();
        try {
            c = live ? client : null;
        } finally {
            lock.unlock();
        }
        if (c == null) {
            return false;
        }
        try {
            CompletableFuture<IMqttToken> f = new CompletableFuture<>();
            c.publish(topics.configAck(node), codec.encode(ack), 1, false, null, listener(f));
            IMqttToken t = await(f, CONNECT_TIMEOUT, "publish config ack");
            int[] rc = t.getReasonCodes();
            return rc == null || rc.length == 0 || rc[0] < 0x80;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("node {}: config ack not sent: {}", node, describe(e));
            return false;
        }
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (loop != null) {
                throw new IllegalStateException("uplink of " + node + " already started");
            }
            loop = Thread.ofVirtual().name("lantaarn-uplink-" + node).start(this::run);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void outboxChanged() {
        signal(() -> pending = true);
    }

    @Override
    public boolean publishHealth(Health health) {
        MqttAsyncClient c;
        lock.lock();
        try {
            c = live ? client : null;
        } finally {
            lock.unlock();
        }
        if (c == null) {
            return false;
        }
        try {
            c.publish(topics.health(node), codec.encode(health), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    // nothing to do: health is not stored
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    log.debug("node {}: health report not delivered: {}", node, e.toString());
                }
            });
            return true;
        } catch (MqttException e) {
            log.debug("node {}: health report not sent: {}", node, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        stop(true);
    }

    /**
     * For tests: drops the connection as a power cut would, without DISCONNECT and without the offline
     * status, so the broker publishes the last will; then stops.
     */
    void powerCut() {
        stop(false);
    }

    /** Publishes the broker refused (PUBACK reason 0x80 or higher) since start. */
    long refusedPublishes() {
        return refusals.get();
    }

    /** Times every unreceipted row was sent again because no receipt came within the timeout. */
    public long resends() {
        return resends.get();
    }

    /** For tests: every row waiting in the outbox. */
    List<OutboxRow> outboxRowsForTest() {
        return ctx.outbox().after(0, Integer.MAX_VALUE);
    }

    private void stop(boolean goodbye) {
        Thread t;
        lock.lock();
        try {
            if (stopping) {
                t = null;
            } else {
                stopping = true;
                graceful = goodbye;
                if (connecting != null) {
                    connecting.cancel(false);
                }
                changed.signalAll();
                t = loop;
            }
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                if (!t.join(Duration.ofSeconds(15))) {
                    log.warn("node {}: uplink did not stop within 15 s", node);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- the uplink thread

    private void run() {
        Backoff backoff = ctx.backoff();
        boolean reported = false;
        while (!isStopping()) {
            MqttAsyncClient c = null;
            try {
                c = newClient();
                long myEpoch = connect(c);
                long connectedAt = System.nanoTime();
                reported = false;
                log.info("node {}: connected to {}", node, config.uplink().broker());
                pump(c, myEpoch);
                // Start again from the shortest delay only after a connection that worked: one that lasted a
                // while, or got publishes acknowledged and none refused. A broker that drops us right after
                // connecting (Paho 1.2.5 closes the connection on a refused PUBACK) must not cause a reconnect storm.
                if (workedOn(myEpoch) || System.nanoTime() - connectedAt > STABLE.toNanos()) {
                    backoff.reset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (!isStopping()) {
                    if (!reported) {
                        log.warn("node {}: cannot reach broker {}: {}; retrying with backoff", node, config.uplink().broker(), describe(e));
                        reported = true;
                    } else {
                        log.debug("node {}: reconnect failed: {}", node, describe(e));
                    }
                }
            } finally {
                boolean wasLive = markDown(c);
                finish(c, wasLive);
            }
            if (!isStopping()) {
                Duration d = backoff.next();
                await(d);
            }
        }
        connected = false;
    }

    private boolean workedOn(long myEpoch) {
        lock.lock();
        try {
            return acknowledgedEpoch >= myEpoch && refusedEpoch < myEpoch;
        } finally {
            lock.unlock();
        }
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = ctx.ioExecutor() == null
                ? new MqttAsyncClient(config.uplink().broker(), node, new MemoryPersistence())
                : new MqttAsyncClient(config.uplink().broker(), node, new MemoryPersistence(),
                        new TimerPingSender(ctx.ioExecutor()), ctx.ioExecutor());
        c.setCallback(new Callback(c));
        return c;
    }

    private long connect(MqttAsyncClient c) throws Exception {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.uplink().sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
        o.setKeepAliveInterval(30);
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        MqttMessage will = new MqttMessage(codec.encode(Status.offline(node, null, config.site(), config.location())));
        will.setQos(1);
        will.setRetained(true);
        o.setWill(topics.status(node), will);

        CompletableFuture<IMqttToken> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            client = c;
            connecting = f;
        } finally {
            lock.unlock();
        }
        c.connect(o, null, listener(f));
        await(f, CONNECT_TIMEOUT.plusSeconds(2), "connect");

        CompletableFuture<IMqttToken> sub = new CompletableFuture<>();
        c.subscribe(topics.receipt(node), 1, null, listener(sub));
        IMqttToken subscribed = await(sub, CONNECT_TIMEOUT, "subscribe to receipts");
        int[] granted = subscribed.getReasonCodes();
        if (granted != null && granted.length > 0 && granted[0] >= 0x80) {
            log.warn("node {}: subscription to {} refused with reason {}; receipts will not arrive", node, topics.receipt(node), granted[0]);
        }

        if (ctx.configListener() != null) {
            CompletableFuture<IMqttToken> cfg = new CompletableFuture<>();
            c.subscribe(topics.config(node), 1, null, listener(cfg));
            int[] g = await(cfg, CONNECT_TIMEOUT, "subscribe to configurations").getReasonCodes();
            if (g != null && g.length > 0 && g[0] >= 0x80) {
                log.warn("node {}: subscription to {} refused with reason {}; remote configuration will not arrive", node, topics.config(node), g[0]);
            }
        }

        CompletableFuture<IMqttToken> birth = new CompletableFuture<>();
        c.publish(topics.status(node), codec.encode(ctx.birth().get()), 1, true, null, listener(birth));
        await(birth, CONNECT_TIMEOUT, "publish birth");

        lock.lock();
        try {
            connecting = null;
            if (stopping) {
                live = true; // so a graceful stop still says goodbye
                return epoch;
            }
            epoch++;
            live = true;
            inFlight = 0;
            cursor = 0;
            rewindTo = -1;
            pending = true;
            connected = true;
            lastProgressNanos = System.nanoTime();
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    private void pump(MqttAsyncClient c, long myEpoch) throws InterruptedException {
        while (true) {
            long from;
            int room;
            lock.lock();
            try {
                while (!stopping && live && epoch == myEpoch && (inFlight >= MAX_IN_FLIGHT || !pending)) {
                    if (!changed.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                        pending = true; // a safety net: look at the outbox at least once a second
                    }
                    resendIfOverdueLocked();
                }
                if (stopping || !live || epoch != myEpoch) {
                    return;
                }
                pending = false;
                if (rewindTo >= 0) {
                    cursor = Math.min(cursor, rewindTo);
                    rewindTo = -1;
                }
                from = cursor;
                room = MAX_IN_FLIGHT - inFlight;
            } finally {
                lock.unlock();
            }
            List<OutboxRow> rows = ctx.outbox().after(from, room);
            for (OutboxRow row : rows) {
                long wait = pacer.reserve();
                if (wait > 0 && !pause(wait, myEpoch)) {
                    return;
                }
                if (!publish(c, row, myEpoch)) {
                    break;
                }
            }
            if (rows.size() == room) {
                signal(() -> pending = true);
            }
        }
    }

    /** Rows are out, no receipt has moved for the timeout: send every unreceipted row again, from the first. Under lock. */
    private void resendIfOverdueLocked() {
        long now = System.nanoTime();
        if (cursor > receiptSeq && now - lastProgressNanos > resendAfterNanos) {
            log.info("node {}: no receipt beyond seq {} for {} s; sending every unreceipted row again", node, receiptSeq,
                    Duration.ofNanos(now - lastProgressNanos).toSeconds());
            rewindTo = 0;
            pending = true;
            lastProgressNanos = now;
            resendAfterNanos = Math.min(resendAfterNanos * 2, DeliveryPolicy.MAX_RESEND_AFTER.toNanos());
            resends.incrementAndGet();
        }
    }

    /** Waits for the pacer; false when the connection or the uplink stops meanwhile. */
    private boolean pause(long nanos, long myEpoch) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !stopping && live && epoch == myEpoch) {
                left = changed.awaitNanos(left);
            }
            return !stopping && live && epoch == myEpoch;
        } finally {
            lock.unlock();
        }
    }

    private boolean publish(MqttAsyncClient c, OutboxRow row, long myEpoch) {
        lock.lock();
        try {
            if (epoch != myEpoch || !live || stopping) {
                return false;
            }
            inFlight++;
            cursor = row.seq();
        } finally {
            lock.unlock();
        }
        long seq = row.seq();
        try {
            c.publish(topics.obs(node, row.stream()), row.payloadBytes(), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    int[] rc = t.getReasonCodes();
                    int reason = rc != null && rc.length > 0 ? rc[0] : 0;
                    if (reason >= 0x80) {
                        refused(seq, reason, myEpoch);
                    } else {
                        acknowledged(seq, myEpoch);
                    }
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    int reason = e instanceof MqttException me ? me.getReasonCode() : -1;
                    if (reason >= 0x80 && reason <= 0xFF && c.isConnected()) {
                        refused(seq, reason, myEpoch);
                    } else {
                        // The connection is going; everything unconfirmed is sent again after the reconnect.
                        released(myEpoch);
                    }
                }
            });
            return true;
        } catch (MqttException e) {
            log.debug("node {}: publish of seq {} not accepted by the client: {}", node, seq, describe(e));
            signal(() -> {
                if (epoch == myEpoch) {
                    inFlight--;
                    rewindTo = rewindTo < 0 ? seq - 1 : Math.min(rewindTo, seq - 1);
                }
            });
            return false;
        }
    }

    private void acknowledged(long seq, long myEpoch) {
        ctx.outbox().markPublishedAsync(seq).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("node {}: could not mark seq {} published: {}", node, seq, e.toString());
            }
        });
        signal(() -> {
            refusalBackoff.reset();
            acknowledgedEpoch = Math.max(acknowledgedEpoch, myEpoch);
            if (epoch == myEpoch) {
                inFlight--;
                pending = true;
            }
        });
    }

    private void refused(long seq, int reason, long myEpoch) {
        Duration delay;
        lock.lock();
        try {
            refusedEpoch = Math.max(refusedEpoch, myEpoch);
            refusals.incrementAndGet();
            delay = refusalBackoff.next();
        } finally {
            lock.unlock();
        }
        log.warn("node {}: broker refused seq {} with reason 0x{}; sending it again in {} ms", node, seq,
                Integer.toHexString(reason), delay.toMillis());
        signal(() -> {
            if (epoch == myEpoch) {
                inFlight--;
            }
        });
        ctx.scheduler().schedule(() -> signal(() -> {
            if (epoch == myEpoch) {
                rewindTo = rewindTo < 0 ? seq - 1 : Math.min(rewindTo, seq - 1);
                pending = true;
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void released(long myEpoch) {
        signal(() -> {
            if (epoch == myEpoch) {
                inFlight--;
                pending = true;
            }
        });
    }

    /** Marks the connection of {@code c} as gone; true when it had been live (announced). */
    private boolean markDown(MqttAsyncClient c) {
        lock.lock();
        try {
            connecting = null;
            boolean wasLive = live && client == c;
            if (client == c) {
                live = false;
                client = null;
            }
            connected = false;
            changed.signalAll();
            return wasLive;
        } finally {
            lock.unlock();
        }
    }

    /** Says goodbye when stopping gracefully on a live connection, otherwise just drops it; then closes the client. */
    private void finish(MqttAsyncClient c, boolean wasLive) {
        if (c == null) {
            return;
        }
        boolean goodbye;
        lock.lock();
        try {
            goodbye = stopping && graceful && wasLive && c.isConnected();
        } finally {
            lock.unlock();
        }
        try {
            if (goodbye) {
                CompletableFuture<IMqttToken> off = new CompletableFuture<>();
                c.publish(topics.status(node), codec.encode(Status.offline(node, ctx.clock().instant(), config.site(), config.location())),
                        1, true, null, listener(off));
                await(off, GOODBYE_TIMEOUT, "publish offline status");
                CompletableFuture<IMqttToken> bye = new CompletableFuture<>();
                c.disconnect(GOODBYE_TIMEOUT.toMillis(), null, listener(bye), 0, new MqttProperties());
                await(bye, GOODBYE_TIMEOUT.plusSeconds(1), "disconnect");
                log.info("node {}: disconnected from {}", node, config.uplink().broker());
            } else if (c.isConnected()) {
                c.disconnectForcibly(0, 0, false);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("node {}: closing the connection: {}", node, describe(e));
            try {
                c.disconnectForcibly(0, 0, false);
            } catch (MqttException ignored) {
                // closing anyway
            }
        } finally {
            try {
                c.close(true);
            } catch (MqttException e) {
                log.debug("node {}: closing the client: {}", node, describe(e));
            }
        }
    }

    // ---------------------------------------------------------------- receipts and connection loss (Paho threads)

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lock.lock();
            try {
                if (client == owner && live) {
                    log.warn("node {}: connection to {} lost: {}", node, config.uplink().broker(),
                            r.getException() != null ? describe(r.getException()) : "reason " + r.getReturnCode());
                }
                if (client == owner) {
                    live = false;
                    connected = false;
                    if (connecting != null) {
                        connecting.completeExceptionally(new NodeException("disconnected while connecting"));
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            log.debug("node {}: MQTT error: {}", node, describe(e));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (ctx.configListener() != null && topic.equals(topics.config(node))) {
                byte[] p = message.getPayload();
                if (p != null && p.length > 0) {
                    ctx.configListener().accept(p);
                }
                return;
            }
            onReceipt(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publishes are followed through their own listeners
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the uplink thread follows the connect token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    private void onReceipt(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return; // a cleared retained receipt
        }
        Decoded d = codec.decode(topic, payload);
        switch (d) {
            case Decoded.Accepted(Receipt r) -> {
                long last = ctx.outbox().lastSeq();
                if (r.seq() > last) {
                    // The gateway holds seqs this outbox never assigned: the node's data was wiped and its seqs began
                    // again at 1. Its new rows move above the receipt, or the gateway would take them for duplicates.
                    log.warn("node {}: the gateway has everything up to seq {}, but this outbox has only assigned up to {} "
                            + "(its data was reset); moving the waiting rows and the next seqs above {}", node, r.seq(), last, r.seq());
                    ctx.outbox().rebaseAboveAsync(r.seq()).whenComplete((n, e) -> {
                        if (e != null) {
                            log.error("node {}: moving the outbox above seq {} failed: {}", node, r.seq(), e.toString());
                        } else {
                            log.warn("node {}: {} waiting rows now follow seq {}", node, n, r.seq());
                        }
                    });
                }
                signal(() -> {
                    if (r.seq() > receiptSeq) {
                        receiptSeq = r.seq();
                        lastProgressNanos = System.nanoTime();
                        resendAfterNanos = delivery.resendAfter().toNanos();
                    }
                });
                ctx.outbox().confirmUpToAsync(r.seq()).whenComplete((n, e) -> {
                    if (e != null) {
                        log.warn("node {}: applying receipt up to seq {} failed: {}", node, r.seq(), e.toString());
                    } else {
                        log.debug("node {}: receipt up to seq {} confirmed {} rows", node, r.seq(), n);
                    }
                });
            }
            case Decoded.Accepted(var other) ->
                    log.warn("node {}: ignoring a {} message on the receipt topic", node, other.schema());
            case Decoded.Rejected(var rejection) ->
                    log.warn("node {}: ignoring a malformed receipt: {}", node, rejection);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void await(Duration d) {
        lock.lock();
        try {
            long nanos = d.toNanos();
            while (!stopping && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static MqttActionListener listener(CompletableFuture<IMqttToken> f) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                f.complete(t);
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                f.completeExceptionally(e);
            }
        };
    }

    private static IMqttToken await(CompletableFuture<IMqttToken> f, Duration timeout, String what) throws Exception {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NodeException(what + " timed out after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : new NodeException(what + " failed", cause);
        } catch (java.util.concurrent.CancellationException e) {
            throw new InterruptedException(what + " cancelled: stopping");
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException me) {
            return me.getMessage() + " (reason " + me.getReasonCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
