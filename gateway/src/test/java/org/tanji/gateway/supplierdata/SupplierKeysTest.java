package org.tanji.gateway.supplierdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tanji.gateway.config.TanjiProperties;

/** A key per supplier, kept apart from the store and across restarts; AES-GCM that refuses any altered byte. */
class SupplierKeysTest {
    private static final byte[] PLAIN = "meter,kWh\nline-3,18234.5\n".getBytes(StandardCharsets.UTF_8);

    private static SupplierKeys keys(Path data) {
        return new SupplierKeys(new TanjiProperties(data, null, null, false, null, 0, null, null, null));
    }

    private static List<Path> keyFiles(Path data) throws Exception {
        try (var files = Files.list(data.resolve("supplier-keys"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void sealingIsAesGcmWithAFreshNonceEachTime(@TempDir Path data) {
        SupplierKeys keys = keys(data);
        SupplierKeys.Sealed one = keys.seal("GansuMSP/supplier", "d1", PLAIN);
        SupplierKeys.Sealed two = keys.seal("GansuMSP/supplier", "d1", PLAIN);
        assertThat(one.nonce()).hasSize(12);
        assertThat(one.ciphertext()).as("the plaintext and a 128-bit tag").hasSize(PLAIN.length + 16);
        assertThat(one.nonce()).isNotEqualTo(two.nonce());
        assertThat(one.ciphertext()).isNotEqualTo(two.ciphertext());
        assertThat(new String(one.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("18234.5");
        assertThat(keys.open("GansuMSP/supplier", "d1", one)).isEqualTo(PLAIN);
        assertThat(keys.open("GansuMSP/supplier", "d1", two)).isEqualTo(PLAIN);
    }

    @Test
    void eachSupplierHasItsOwnKeyInAFileOnlyTheRegistryReads(@TempDir Path data) throws Exception {
        SupplierKeys keys = keys(data);
        SupplierKeys.Sealed a = keys.seal("GansuMSP/supplier-a", "d1", PLAIN);
        keys.seal("AnhuiMSP/supplier-b", "d2", PLAIN);
        keys.seal("GansuMSP/supplier-a", "d3", PLAIN);
        List<Path> files = keyFiles(data);
        assertThat(files).as("one key per supplier").hasSize(2);
        assertThat(Files.readString(files.get(0))).isNotEqualTo(Files.readString(files.get(1)));
        for (Path file : files) {
            assertThat(java.util.Base64.getDecoder().decode(Files.readString(file).trim())).as("AES-256").hasSize(32);
            assertThat(file.getFileName().toString()).as("named by a hash, not by the supplier")
                    .matches("[0-9a-f]{64}\\.key").doesNotContain("supplier");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("supplier-keys"))))
                .isEqualTo("rwx------");
        // Another supplier's key cannot open it, even for the same data id.
        assertThatThrownBy(() -> keys.open("AnhuiMSP/supplier-b", "d1", a)).isInstanceOf(IllegalStateException.class)
                .hasRootCauseInstanceOf(AEADBadTagException.class);
    }

    @Test
    void keysSurviveARestart(@TempDir Path data) throws Exception {
        SupplierKeys.Sealed sealed = keys(data).seal("GansuMSP/supplier", "d1", PLAIN);
        byte[] key = Files.readAllBytes(keyFiles(data).get(0));
        SupplierKeys restarted = keys(data);
        assertThat(restarted.open("GansuMSP/supplier", "d1", sealed)).isEqualTo(PLAIN);
        restarted.seal("GansuMSP/supplier", "d2", PLAIN);
        assertThat(keyFiles(data)).hasSize(1);
        assertThat(Files.readAllBytes(keyFiles(data).get(0))).as("the key is read back, not replaced").isEqualTo(key);
    }

    @Test
    void anAlteredCiphertextNonceOrBindingFailsWithAClearError(@TempDir Path data) {
        SupplierKeys keys = keys(data);
        SupplierKeys.Sealed sealed = keys.seal("GansuMSP/supplier", "d1", PLAIN);
        byte[] ciphertext = sealed.ciphertext().clone();
        ciphertext[3] ^= 0x01;
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 0x01;
        for (Runnable attempt : List.<Runnable>of(
                () -> keys.open("GansuMSP/supplier", "d1", new SupplierKeys.Sealed(sealed.nonce(), ciphertext)),
                () -> keys.open("GansuMSP/supplier", "d1", new SupplierKeys.Sealed(nonce, sealed.ciphertext())),
                // The additional data binds it to its owner and id: it cannot be passed off as another document.
                () -> keys.open("GansuMSP/supplier", "d2", sealed))) {
            assertThatThrownBy(attempt::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot be decrypted (wrong key or altered ciphertext)")
                    .hasRootCauseInstanceOf(AEADBadTagException.class);
        }
    }
}
