package org.lantaarn.gateway;

import java.nio.file.Path;
import org.lantaarn.config.pki.ServerTls;
import org.lantaarn.config.pki.TlsFiles;

/**
 * The gateway's security settings (YAML keys {@code operatorKeys}, {@code openReads}, {@code tls}, {@code httpTls}).
 *
 * @param operatorKeys an operator public key file, or a directory of {@code *.pub}: configurations signed by these
 *                     keys may be pushed; {@code null}: pushing is off
 * @param openReads    {@code true} lets anyone read the API without a token (for the demo or a closed network); off by
 *                     default, changes always need an operator token
 * @param tls          mutual-TLS files for an {@code ssl://} broker, {@code null} for a plain one
 * @param httpTls      the API's server certificate and key: the API speaks HTTPS; {@code null}: plain HTTP, loopback only
 */
public record SecuritySettings(Path operatorKeys, boolean openReads, TlsFiles tls, ServerTls httpTls) {
    public SecuritySettings(Path operatorKeys, boolean openReads, TlsFiles tls) {
        this(operatorKeys, openReads, tls, null);
    }

    public static SecuritySettings none() {
        return new SecuritySettings(null, false, null, null);
    }

    public SecuritySettings withOperatorKeys(Path v) {
        return new SecuritySettings(v, openReads, tls, httpTls);
    }

    public SecuritySettings withOpenReads(boolean v) {
        return new SecuritySettings(operatorKeys, v, tls, httpTls);
    }

    public SecuritySettings withTls(TlsFiles v) {
        return new SecuritySettings(operatorKeys, openReads, v, httpTls);
    }

    public SecuritySettings withHttpTls(ServerTls v) {
        return new SecuritySettings(operatorKeys, openReads, tls, v);
    }
}
