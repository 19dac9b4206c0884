package org.lantaarn.node.uplink.mqtt;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.lantaarn.config.NodeConfig;

/**
 * One real MQTT 5 connect with the node's settings (mutual TLS with its own certificate when the uplink
 * uses it), for the self-test: the broker is reachable and accepts the node. It asks for the client id
 * {@code <node>-selftest} with a clean start and disconnects at once. A broker configured as Lantaarn generates it
 * binds the client id to the certificate ({@code use_username_as_clientid}), so over TLS this connect takes the node's
 * own client id: it would end a running node's session, which is why the self-test is run with the node stopped
 * (docs/install.md).
 */
public final class BrokerProbe {
    private BrokerProbe() {}

    /** Empty when the broker accepted the connection; else what went wrong, for the technician. */
    public static Optional<String> connect(NodeConfig config, Duration timeout) {
        javax.net.ssl.SSLSocketFactory tls;
        try {
            tls = MqttUplink.tlsOf(config, config.node());
        } catch (org.lantaarn.node.NodeException e) {
            return Optional.of(e.getMessage());
        }
        String clientId = config.node() + "-selftest";
        MqttClient client = null;
        try {
            client = new MqttClient(config.uplink().broker(), clientId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
            if (tls != null) {
                o.setSocketFactory(tls); // the node's own certificate and key: the broker must accept this identity
            }
            client.connect(o);
            client.disconnect();
            return Optional.empty();
        } catch (MqttException e) {
            String cause = e.getCause() != null ? ": " + e.getCause().getMessage() : "";
            return Optional.of(e.getMessage() + " (reason " + e.getReasonCode() + ")" + cause);
        } catch (RuntimeException e) {
            return Optional.of(e.toString());
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException e) {
                    // already closed
                }
            }
        }
    }
}
