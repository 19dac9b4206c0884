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

        X509Certificate cert = ca.issue(csr.pem(), "lp-7", FileCa.Usage.CLIENT, List.of(), Duration.ofDays(1));

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=lp-7");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getPublicKey()).isEqualTo(csr.keyPair().getPublic());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key")))).isEqualTo("rw-------");
    }

    @Test
    void refuses_a_request_for_another_cn_than_the_one_asked_for() {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        assertThatThrownBy(() -> ca.issue(Csr.generate("lp-8").pem(), "lp-7", FileCa.Usage.CLIENT, List.of(), Duration.ofDays(1)))
                .isInstanceOf(PkiException.class).hasMessageContaining("CN=lp-8");
    }

    @Test
    void refuses_to_replace_an_existing_ca() {
        FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());

        assertThatThrownBy(() -> FileCa.init(dir.resolve("ca"), "Other", Duration.ofDays(10), Clock.systemUTC()))
                .hasMessageContaining("already holds a CA");
    }

    @Test
    void refuses_to_use_a_world_readable_private_key() throws Exception {
        FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(10), Clock.systemUTC());
        Files.setPosixFilePermissions(dir.resolve("ca/ca.key"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> FileCa.open(dir.resolve("ca"), Clock.systemUTC()))
                .isInstanceOf(PkiException.class).hasMessageContaining("readable or writable by every user");
    }
}
