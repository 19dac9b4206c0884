package org.lantaarn.config.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCaTest {
    @TempDir
    Path dir;

    @Test
    void issues_a_client_certificate_with_the_node_id_as_cn_signed_by_the_ca() throws Exception {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());
        Csr csr = Csr.generate("lp-7");

        X509Certificate cert = ca.issue(csr.pem(), "lp-7", FileCa.Role.NODE, List.of(), Duration.ofDays(1));

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=lp-7,OU=node");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getPublicKey()).isEqualTo(csr.keyPair().getPublic());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key")))).isEqualTo("rw-------");
    }

    @Test
    void refuses_a_request_for_another_cn_than_the_one_asked_for() {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        assertThatThrownBy(() -> ca.issue(Csr.generate("lp-8").pem(), "lp-7", FileCa.Role.NODE, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("CN=lp-8");
    }

    @Test
    void writes_the_role_into_the_certificate_as_ou() {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        X509Certificate gw = ca.issue(Csr.generate("lantaarn-gateway").pem(), "lantaarn-gateway", FileCa.Role.GATEWAY, List.of(), Duration.ofDays(1));
        X509Certificate twin = ca.issue(Csr.generate("digital-twin").pem(), "digital-twin", FileCa.Role.TWIN_CONSUMER, List.of(), Duration.ofDays(1));

        assertThat(gw.getSubjectX500Principal().getName()).isEqualTo("CN=lantaarn-gateway,OU=gateway");
        assertThat(twin.getSubjectX500Principal().getName()).isEqualTo("CN=digital-twin,OU=twin-consumer");
    }

    @Test
    void refuses_a_node_or_twin_consumer_named_like_the_gateway() {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        assertThatThrownBy(() -> ca.issue(Csr.generate("lantaarn-gateway").pem(), "lantaarn-gateway", FileCa.Role.NODE, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ca.issue(Csr.generate("lantaarn-x").pem(), "lantaarn-x", FileCa.Role.TWIN_CONSUMER, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ca.issue(Csr.generate("gw").pem(), "gw", FileCa.Role.GATEWAY, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("must start with 'lantaarn-'");
    }

    @Test
    void refuses_to_issue_a_name_under_a_second_role() {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());
        ca.issue(Csr.generate("digital-twin").pem(), "digital-twin", FileCa.Role.TWIN_CONSUMER, List.of(), Duration.ofDays(1));

        assertThatThrownBy(() -> ca.issue(Csr.generate("digital-twin").pem(), "digital-twin", FileCa.Role.NODE, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("issued before as a twin-consumer");
        // the same role again (a renewal) is fine
        ca.issue(Csr.generate("digital-twin").pem(), "digital-twin", FileCa.Role.TWIN_CONSUMER, List.of(), Duration.ofDays(1));
    }

    @Test
    void refuses_to_replace_an_existing_ca() {
        FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        assertThatThrownBy(() -> FileCa.init(dir.resolve("ca"), "Other", Duration.ofDays(10), Clock.systemUTC()))
                .hasMessageContaining("already holds a CA");
    }

    @Test
    void refuses_to_use_a_group_readable_ca_key() throws Exception {
        FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());
        Files.setPosixFilePermissions(dir.resolve("ca/ca.key"), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> FileCa.open(dir.resolve("ca"), Clock.systemUTC()))
                .isInstanceOf(PkiException.class).hasMessageContaining("rw-r-----").hasMessageContaining("chmod 600");
    }
}
