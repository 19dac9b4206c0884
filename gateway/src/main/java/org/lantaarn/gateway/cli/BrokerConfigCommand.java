package org.lantaarn.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.broker.MosquittoConfigWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantaarn-gateway broker-config --out DIR}: a Mosquitto configuration with mutual TLS and per-node ACLs. */
@Command(name = "broker-config", mixinStandardHelpOptions = true,
        description = "Writes mosquitto.conf (TLS listener, client certificates required, CN = user name) and lantaarn.acl.")
final class BrokerConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--ca", required = true, paramLabel = "FILE", description = "the CA certificate (ca.crt)") Path ca;
    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "the broker's certificate") Path cert;
    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the broker's private key") Path key;
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "TLS listener address (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--port", defaultValue = "8883", description = "TLS listener port (default: ${DEFAULT-VALUE})") int port;
    @Option(names = "--persistence", defaultValue = "/var/lib/mosquitto", paramLabel = "DIR") Path persistence;
    @Option(names = "--topic-prefix", defaultValue = "lantaarn/v1") String prefix;
    @Option(names = "--gateway", defaultValue = "lantaarn-gateway", description = "CN of the gateway's certificate (default: ${DEFAULT-VALUE})") String gateway;
    @Option(names = "--twin-consumer", paramLabel = "CN", description = "CN of a twin consumer's certificate (repeat)") List<String> consumers = new ArrayList<>();
    @Option(names = "--loopback-plain-port", defaultValue = "0",
            description = "Opt-in: a plain listener on 127.0.0.1 for anonymous, read-only twin readers (default: none)") int loopback;

    @Override
    public Integer call() {
        try {
            Path conf = new MosquittoConfigWriter(host, port, ca, cert, key, persistence, prefix, gateway, consumers, loopback).write(out);
            spec.commandLine().getOut().println("wrote " + conf + " and " + out.resolve(MosquittoConfigWriter.ACL)
                    + "; start with: mosquitto -c " + conf);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (GatewayException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("lantaarn-gateway broker-config: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
