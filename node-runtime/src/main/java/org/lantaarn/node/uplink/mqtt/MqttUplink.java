package org.lantaarn.node.uplink.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.NodeException;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.uplink.Backoff;
import org.lantaarn.node.uplink.Delivery;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.lantaarn.node.uplink.mqtt.MqttSession.CONNECT_TIMEOUT;
import static org.lantaarn.node.uplink.mqtt.MqttSession.await;
import static org.lantaarn.node.uplink.mqtt.MqttSession.describe;
import static org.lantaarn.node.uplink.mqtt.MqttSession.listener;

/**
 * The MQTT 5 uplink (Paho {@link MqttAsyncClient}): a thin transport around the {@link Delivery} rules. On every
 * connect ({@link MqttSession}: persistent session, offline status as last will, receipt subscription, retained
 * birth) it publishes the outbox at QoS 1 in the order and at the pace {@link Delivery} decides, tells it every
 * PUBACK (below 0x80: published; 0x80 and up: refused, logged, sent again after a backoff; Paho 1.2.5 also drops
 * the connection on such a PUBACK) and every receipt, which deletes the rows it covers, resends when none comes,
 * and moves the rows of a wiped node above the gateway's seq.
 *
 * <p><b>Threads.</b> One virtual thread, {@code lantaarn-uplink-<node>}, owns the connection: it connects,
 * reconnects with capped exponential backoff and full jitter, reads the outbox and publishes, and says
 * goodbye on {@link #close()}. Paho's callbacks only tell {@link Delivery} under {@code lock} and signal it.
 * Every Paho client is used for one connection only, then closed.
 */
public final class MqttUplink implements Uplink {
    /** Most outbox rows published and not yet acknowledged by the broker. */
    public static final int MAX_IN_FLIGHT = 10;

    private static final Logger log = LoggerFactory.getLogger(MqttUplink.class);

    private final UplinkContext ctx;
    private final NodeConfig config;
    private final String node;
    private final Topics topics;
    private final JsonCodec codec;
    private final MqttSession session;
    private final Receipts receipts;
    private final LongSupplier nanoTime;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private final Delivery delivery;
    private MqttAsyncClient client;
    private boolean live;
    private boolean stopping;
    private boolean graceful = true;
    private CompletableFuture<IMqttToken> connecting;

    private volatile boolean connected;
    private Thread loop;

    public MqttUplink(UplinkContext ctx) {
        this(ctx, System::nanoTime);
    }

    /** With the ticker every delivery rule reads its time from. */
    MqttUplink(UplinkContext ctx, LongSupplier nanoTime) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.node = config.node();
        this.topics = new Topics(config.uplink().topicPrefix());
        this.codec = new JsonCodec(topics);
        this.session = new MqttSession(ctx, topics, codec);
        this.receipts = new Receipts(node, ctx.outbox(), codec);
        this.nanoTime = nanoTime;
        this.delivery = new Delivery(ctx.delivery(), MAX_IN_FLIGHT, nanoTime, new Random());
    }

    /**
     * The mutual-TLS socket factory for an {@code ssl://} broker (refusing a private key others can read), or
     * {@code null} for a plain {@code tcp://} one.
     */
    static javax.net.ssl.SSLSocketFactory tlsOf(NodeConfig config, String node) {
        return MqttSession.tlsOf(config, node);
    }

    @Override
    public boolean publishConfigAck(org.lantaarn.protocol.ConfigAck ack) {
        MqttAsyncClient c = liveClient();
        return c != null && session.publishConfigAck(c, ack);
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
        signal(delivery::outboxChanged);
    }

    @Override
    public boolean publishHealth(Health health) {
        MqttAsyncClient c = liveClient();
        return c != null && session.publishHealth(c, health);
    }

    private MqttAsyncClient liveClient() {
        lock.lock();
        try {
            return live ? client : null;
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            return delivery.refusals();
        } finally {
            lock.unlock();
        }
    }

    /** Times every unreceipted row was sent again because no receipt came within the timeout. */
    public long resends() {
        lock.lock();
        try {
            return delivery.resends();
        } finally {
            lock.unlock();
        }
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
                c = session.newClient();
                c.setCallback(new Callback(c));
                long myEpoch = connect(c);
                long connectedAt = nanoTime.getAsLong();
                reported = false;
                log.info("node {}: connected to {}", node, config.uplink().broker());
                pump(c, myEpoch);
                if (worked(myEpoch, connectedAt)) {
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
                if (c != null) {
                    session.finish(c, goodbye(c, wasLive));
                }
            }
            if (!isStopping()) {
                waitUnlessStopping(backoff.next());
            }
        }
        connected = false;
    }

    private boolean worked(long myEpoch, long connectedAt) {
        lock.lock();
        try {
            return delivery.worked(myEpoch, connectedAt);
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

    private long connect(MqttAsyncClient c) throws Exception {
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
        c.connect(session.options(), null, listener(f));
        await(f, CONNECT_TIMEOUT.plusSeconds(2), "connect");
        session.announce(c);
        lock.lock();
        try {
            connecting = null;
            live = true; // even when stopping, so that a graceful stop still says goodbye
            if (stopping) {
                return -1;
            }
            connected = true;
            return delivery.connected();
        } finally {
            lock.unlock();
        }
    }

    /** Publishes what {@link Delivery} says, until the connection of {@code myEpoch} ends or the uplink stops. */
    private void pump(MqttAsyncClient c, long myEpoch) throws InterruptedException {
        while (true) {
            Delivery.Step.Fetch fetch;
            lock.lock();
            try {
                Delivery.Step step = stopping ? new Delivery.Step.Stop() : delivery.next(myEpoch);
                while (step instanceof Delivery.Step.Idle idle) {
                    if (!changed.await(idle.atMost().toMillis(), TimeUnit.MILLISECONDS)) {
                        delivery.idleTimedOut();
                    }
                    step = stopping ? new Delivery.Step.Stop() : delivery.next(myEpoch);
                }
                if (!(step instanceof Delivery.Step.Fetch f)) {
                    return;
                }
                fetch = f;
                logResend();
            } finally {
                lock.unlock();
            }
            List<OutboxRow> rows = ctx.outbox().after(fetch.after(), fetch.room());
            for (OutboxRow row : rows) {
                long wait;
                lock.lock();
                try {
                    wait = delivery.pace();
                } finally {
                    lock.unlock();
                }
                if (wait > 0 && !pause(wait, myEpoch)) {
                    return;
                }
                if (!publish(c, row, myEpoch)) {
                    break;
                }
            }
            signal(() -> delivery.fetched(rows.size(), fetch.room()));
        }
    }

    private long resendsLogged;

    /** Logs a resend {@link Delivery} just decided. Under lock. */
    private void logResend() {
        if (delivery.resends() > resendsLogged) {
            resendsLogged = delivery.resends();
            log.info("node {}: no receipt beyond seq {} in time; sending every unreceipted row again (next wait {} s)", node,
                    delivery.receiptSeq(), delivery.resendAfter().toSeconds());
        }
    }

    /** Waits for the pacer; false when the connection or the uplink stops meanwhile. */
    private boolean pause(long nanos, long myEpoch) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !stopping && delivery.isCurrent(myEpoch)) {
                left = changed.awaitNanos(left);
            }
            return !stopping && delivery.isCurrent(myEpoch);
        } finally {
            lock.unlock();
        }
    }

    private boolean publish(MqttAsyncClient c, OutboxRow row, long myEpoch) {
        long seq = row.seq();
        lock.lock();
        try {
            if (stopping || !delivery.publishing(myEpoch, seq)) {
                return false;
            }
        } finally {
            lock.unlock();
        }
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
                        signal(() -> delivery.released(myEpoch));
                    }
                }
            });
            return true;
        } catch (MqttException e) {
            log.debug("node {}: publish of seq {} not accepted by the client: {}", node, seq, describe(e));
            signal(() -> delivery.notTaken(myEpoch, seq));
            return false;
        }
    }

    private void acknowledged(long seq, long myEpoch) {
        ctx.outbox().markPublishedAsync(seq).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("node {}: could not mark seq {} published: {}", node, seq, e.toString());
            }
        });
        signal(() -> delivery.acknowledged(myEpoch));
    }

    private void refused(long seq, int reason, long myEpoch) {
        Duration delay;
        lock.lock();
        try {
            delay = delivery.refused(myEpoch);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.warn("node {}: broker refused seq {} with reason 0x{}; sending it again in {} ms", node, seq,
                Integer.toHexString(reason), delay.toMillis());
        ctx.scheduler().schedule(() -> signal(() -> delivery.retryRefused(myEpoch, seq)), delay.toMillis(), TimeUnit.MILLISECONDS);
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
                delivery.down();
            }
            connected = false;
            changed.signalAll();
            return wasLive;
        } finally {
            lock.unlock();
        }
    }

    /** Whether closing {@code c} says goodbye: when stopping gracefully on a connection that was live. */
    private boolean goodbye(MqttAsyncClient c, boolean wasLive) {
        lock.lock();
        try {
            return stopping && graceful && wasLive && c.isConnected();
        } finally {
            lock.unlock();
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
                    delivery.down();
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
        long seq = receipts.seqOf(topic, payload);
        if (seq < 0) {
            return;
        }
        long last = ctx.outbox().lastSeq();
        Delivery.ReceiptVerdict verdict;
        lock.lock();
        try {
            verdict = delivery.receipt(seq, last);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        receipts.apply(seq, last, verdict);
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

    private void waitUnlessStopping(Duration d) {
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
}
