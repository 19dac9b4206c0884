package org.lantaarn.config.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lantaarn.config.signing.OperatorKeys;

/** Keys only 0600 or 0400: every private key the project loads goes through {@link KeyFiles#requirePrivate}. */
class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writers_create_keys_with_mode_0600() {
        OperatorKeys.write(OperatorKeys.generate(), dir, "alice");
        FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(1), Clock.systemUTC());

        assertThat(mode(dir.resolve("alice.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("ca/ca.key"))).isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void an_operator_key_readable_only_by_its_owner_is_loaded(String mode) throws Exception {
        OperatorKeys.write(OperatorKeys.generate(), dir, "alice");
        Files.setPosixFilePermissions(dir.resolve("alice.key"), PosixFilePermissions.fromString(mode));

        assertThatCode(() -> OperatorKeys.readPrivate(dir.resolve("alice.key"))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "r---w----", "rw-rw-rw-"})
    void an_operator_key_that_its_group_or_others_may_use_is_refused_naming_the_mode_and_the_fix(String mode) throws Exception {
        OperatorKeys.write(OperatorKeys.generate(), dir, "alice");
        Path key = dir.resolve("alice.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> OperatorKeys.readPrivate(key)).isInstanceOf(PkiException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining(mode).hasMessageContaining("chmod 600");
    }

    @Test
    void a_group_readable_tls_key_is_refused_before_a_tls_context_is_built() throws Exception {
        FileCa ca = FileCa.init(dir.resolve("ca"), "Test CA", Duration.ofDays(1), Clock.systemUTC());
        Csr csr = Csr.generate("lp-1");
        Path key = dir.resolve("node.key");
        KeyFiles.writeSecret(key, Pem.encode("PRIVATE KEY", csr.keyPair().getPrivate().getEncoded()));
        KeyFiles.writePublic(dir.resolve("node.crt"), ca.chainPem(ca.issue(csr.pem(), "lp-1", FileCa.Role.NODE,
                java.util.List.of(), Duration.ofDays(1))));
        TlsFiles files = new TlsFiles(ca.certificateFile(), dir.resolve("node.crt"), key);
        assertThatCode(files::context).doesNotThrowAnyException();

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(files::context).isInstanceOf(PkiException.class).hasMessageContaining("only 0600 or 0400");
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
