package org.lantaarn.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lantaarn-config push --gateway URL --token-file FILE SIGNED}: hands a signed configuration to the gateway
 * ({@code PUT /api/v1/nodes/{node}/config} with an operator token), which checks it and publishes it retained.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Pushes a signed configuration to its node through the gateway's API (needs an operator token).")
final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gateway", required = true, paramLabel = "URL", description = "The gateway's API, e.g. https://gateway.example.nl:8443")
    URI gateway;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the operator token; default: the LANTAARN_TOKEN environment variable.")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "For an https:// gateway: trust only this CA certificate (the site's ca.crt); default: the system's CAs.")
    Path ca;

    @Parameters(index = "0", paramLabel = "SIGNED", description = "The signed configuration (JSON).")
    Path signedFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String token = tokenFile != null ? Files.readString(tokenFile).strip() : System.getenv("LANTAARN_TOKEN");
            if (token == null || token.isBlank()) {
                err.println("lantaarn-config push: no token: give --token-file or set LANTAARN_TOKEN");
                err.flush();
                return 2;
            }
            byte[] body = Files.readAllBytes(signedFile);
            Decoded d = new JsonCodec().decodeSignedConfig(body);
            if (d instanceof Decoded.Rejected(var r)) {
                err.println("lantaarn-config push: " + signedFile + " is not a signed configuration: " + r);
                err.flush();
                return 1;
            }
            String node = ((SignedConfig) ((Decoded.Accepted) d).message()).node();
            HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            if (ca != null) {
                hb.sslContext(org.lantaarn.config.pki.TlsFiles.trustOnly(ca));
            }
            HttpClient http = hb.build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/api/v1/nodes/" + node + "/config"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            (r.statusCode() / 100 == 2 ? out : err).println("HTTP " + r.statusCode() + " " + r.body());
            out.flush();
            err.flush();
            return r.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException | org.lantaarn.config.pki.PkiException e) {
            err.println("lantaarn-config push: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
