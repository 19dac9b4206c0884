package org.lantaarn.node.uplink.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.NodeException;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one Paho connection of a node is opened and closed: client id = node id, clean start false, session expiry
 * from the configuration, mutual TLS for {@code ssl://}, a retained QoS 1 offline status as last will; once
 * connected, the subscriptions to the node's {@code receipt} (and {@code config}) topics and the retained online
 * birth; on a graceful stop, the retained offline status and a DISCONNECT. Also the small adapters from Paho's
 * listeners to futures. Stateless apart from its configuration; the uplink thread calls it.
 */
final class MqttSession {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(MqttSession.class);

    private final UplinkContext ctx;
    private final NodeConfig config;
    private final String node;
    private final Topics topics;
    private final JsonCodec codec;
    private final javax.net.ssl.SSLSocketFactory tls;

    MqttSession(UplinkContext ctx, Topics topics, JsonCodec codec) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.node = config.node();
        this.topics = topics;
        this.codec = codec;
        this.tls = tlsOf(config, node);
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

    /** A new client for one connection. */
    MqttAsyncClient newClient() throws MqttException {
        return ctx.ioExecutor() == null
                ? new MqttAsyncClient(config.uplink().broker(), node, new MemoryPersistence())
                : new MqttAsyncClient(config.uplink().broker(), node, new MemoryPersistence(),
                        new TimerPingSender(ctx.ioExecutor()), ctx.ioExecutor());
    }

    /** The connect options: persistent session, no automatic reconnect, the offline status as last will. */
    MqttConnectionOptions options() {
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
        return o;
    }

    /** After the CONNACK: subscribes to receipts (and configurations) and publishes the retained birth. */
    void announce(MqttAsyncClient c) throws Exception {
        CompletableFuture<IMqttToken> sub = new CompletableFuture<>();
        c.subscribe(topics.receipt(node), 1, null, listener(sub));
        int[] granted = await(sub, CONNECT_TIMEOUT, "subscribe to receipts").getReasonCodes();
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
    }

    /** Says goodbye ({@code goodbye}: retained offline status, DISCONNECT) or just drops the connection; then closes the client. */
    void finish(MqttAsyncClient c, boolean goodbye) {
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

    /** Publishes a config ack at QoS 1 and waits for the broker's answer; false when it was not accepted. */
    boolean publishConfigAck(MqttAsyncClient c, org.lantaarn.protocol.ConfigAck ack) {
        try {
            CompletableFuture<IMqttToken> f = new CompletableFuture<>();
            c.publish(topics.configAck(node), codec.encode(ack), 1, false, null, listener(f));
            int[] rc = await(f, CONNECT_TIMEOUT, "publish config ack").getReasonCodes();
            return rc == null || rc.length == 0 || rc[0] < 0x80;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("node {}: config ack not sent: {}", node, describe(e));
            return false;
        }
    }

    /** Publishes a health report at QoS 1 without waiting (health is not stored); false when the client refused it. */
    boolean publishHealth(MqttAsyncClient c, org.lantaarn.protocol.Health health) {
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

    // ---------------------------------------------------------------- Paho listeners as futures

    static MqttActionListener listener(CompletableFuture<IMqttToken> f) {
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

    static IMqttToken await(CompletableFuture<IMqttToken> f, Duration timeout, String what) throws Exception {
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

    static String describe(Throwable e) {
        if (e instanceof MqttException me) {
            return me.getMessage() + " (reason " + me.getReasonCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
