package org.lantaarn.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import org.lantaarn.sim.city.Scenario;
import org.lantaarn.sim.city.Street;
import org.lantaarn.sim.city.VirtualCity;

/**
 * The demo city: an embedded broker, the gateway with its API and console (reads open, loopback only), and
 * lampposts along the Hinthamerstraat running every sensor kind through a compressed day ({@link Scenario}).
 * It makes one viewer and one operator token for the console each time it starts (their hashes are stored in the
 * gateway's data directory, as {@code lantaarn-gateway token create} would). Started and closed by one owner.
 *
 * @param gateway  the running gateway
 * @param sim      the running nodes
 * @param scenario the day they follow
 * @param viewer   a viewer token made for this run
 * @param operator an operator token made for this run
 */
public record DemoCity(Gateway gateway, Simulation sim, Scenario scenario, String viewer, String operator) implements AutoCloseable {

    /** What to start. {@code tileUrl} may be {@code null} (draw the street from GeoJSON, no internet). */
    public record Options(int mqttPort, int httpPort, int nodes, Path dataDir, Duration window, Duration dayLength,
                          double startHour, String tileUrl) {}

    public static DemoCity start(Options o) {
        GatewayConfig gc = GatewayConfig.embedded(o.mqttPort(), o.dataDir().resolve("gateway"))
                .withMqttHost("127.0.0.1").withHttpHost("127.0.0.1").withHttpPort(o.httpPort())
                // Loopback only, reads open so that curl works without a token; changes need the operator token.
                .withOpenReads(true);
        Instant now = Instant.now();
        TokenStore tokens = new TokenStore(gc.dataDir());
        String stamp = Long.toString(now.toEpochMilli(), 36);
        String viewer = tokens.create("demo-viewer-" + stamp, Role.VIEWER, now);
        String operator = tokens.create("demo-operator-" + stamp, Role.OPERATOR, now);
        Gateway gateway = Gateway.builder().config(gc).tileUrl(o.tileUrl()).build().start();
        try {
            Scenario scenario = new Scenario(now, o.dayLength(), o.startHour());
            Map<String, String> docs = VirtualCity.street(Street.hinthamerstraat(), o.nodes(), gateway.mqttUri(), o.window(), scenario);
            Simulation sim = Simulation.start(docs, o.dataDir().resolve("nodes"), Clock.systemUTC());
            return new DemoCity(gateway, sim, scenario, viewer, operator);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /** Where the console is: {@code http://localhost:8080/}. */
    public String consoleUrl() {
        return "http://localhost:" + gateway.httpPort() + "/";
    }

    @Override
    public void close() {
        sim.close();
        gateway.close();
    }
}
