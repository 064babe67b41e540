package org.tanji.gateway.ledger.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

class PrivateDataTest extends LedgerTestSupport {
    private static final String SECRET = "supplier-price-EUR-41.17-per-tonne";

    private static void putPrivate(EmbeddedLedger ledger, String key, String value) {
        ledger.submit(ALICE, KvContract.fn("putPrivate"), List.of("prices", key), Map.of("value", value.getBytes(UTF_8)))
                .block(TIMEOUT);
    }

    /** Whether any file under {@code dir} holds {@code needle}. */
    private static boolean filesContain(Path dir, byte[] needle) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (fileContains(file, needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean fileContains(Path file, byte[] needle) throws Exception {
        byte[] hay = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The value travels as transient data; the key is an ordinary argument, public as on Fabric. */
    @Test
    void privateValueStaysOutOfTheBlockLogWhileItsHashIsOnTheLedger() throws Exception {
        EmbeddedLedger ledger = open();
        putPrivate(ledger, "steel", SECRET);
        ledger.close();
        ledger = open();

        byte[] hash = Block.sha256(SECRET.getBytes(UTF_8));
        assertThat(fileContains(ledger.blocksPath(), SECRET.getBytes(UTF_8))).as("plaintext in blocks.log").isFalse();
        assertThat(fileContains(ledger.blocksPath(), hash)).as("value hash in blocks.log").isTrue();
        assertThat(fileContains(ledger.privatePath(), SECRET.getBytes(UTF_8))).as("plaintext in private.log").isTrue();
        assertThat(evaluate(ledger, "getPrivate", "prices", "steel")).isEqualTo(SECRET);
        assertThat(evaluate(ledger, "privateHash", "prices", "steel")).isEqualTo(HexFormat.of().formatHex(hash));
    }

    @Test
    void purgedPrivateValueLeavesTheDiskButTheChainStillVerifies() throws Exception {
        EmbeddedLedger ledger = open();
        putPrivate(ledger, "steel", SECRET);
        submit(ledger, "purgePrivate", "prices", "steel");

        assertThat(fileContains(ledger.privatePath(), SECRET.getBytes(UTF_8))).isFalse();
        assertThat(evaluate(ledger, "getPrivate", "prices", "steel")).isEmpty();
        assertThat(evaluate(ledger, "privateHash", "prices", "steel")).isEmpty();

        putPrivate(ledger, "steel", "new-price");
        ledger.close();
        ledger = open();
        assertThat(evaluate(ledger, "getPrivate", "prices", "steel")).isEqualTo("new-price");
    }

    /**
     * The state database holds private values too; after a purge none of its files (tables,
     * write-ahead log) may keep one. The value has no repeated runs, which compression would fold.
     */
    @Test
    void purgedPrivateValueLeavesTheStateDatabaseFiles() throws Exception {
        String secret = "Qx7Lm2Vr9Tk4Wz8Hb3Nd6Jf1Gs5";
        EmbeddedLedger ledger = open();
        putPrivate(ledger, "steel", secret);
        putPrivate(ledger, "copper", "kept");
        ledger.close();
        Path stateDb = config().dir().resolve(StateDb.DIR);
        assertThat(filesContain(stateDb, secret.getBytes(UTF_8))).as("private value in the state database before the purge")
                .isTrue();

        ledger = open();
        submit(ledger, "purgePrivate", "prices", "steel");

        assertThat(filesContain(stateDb, secret.getBytes(UTF_8))).as("private value in the state database after the purge")
                .isFalse();
        assertThat(evaluate(ledger, "getPrivate", "prices", "steel")).isEmpty();
        assertThat(evaluate(ledger, "getPrivate", "prices", "copper")).isEqualTo("kept");
        ledger.close();
        ledger = open();
        assertThat(ledger.replay().applied()).isZero();
        assertThat(evaluate(ledger, "getPrivate", "prices", "copper")).isEqualTo("kept");
    }

    @Test
    void alteredPrivateValueIsCaughtAgainstTheHashOnTheChain() throws Exception {
        EmbeddedLedger ledger = open();
        putPrivate(ledger, "steel", SECRET);
        Path privateLog = ledger.privatePath();
        ledger.close();

        byte[] bytes = Files.readAllBytes(privateLog);
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("41.17");
        bytes[at] = '9';
        Files.write(privateLog, bytes);

        org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
                .isInstanceOf(BrokenChainException.class)
                .hasMessageContaining("does not match the hash on the chain");
    }
}
