package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/** Supplier data is confidential yet provable: salted hash on the ledger, encrypted copy in the store, selective disclosure. */
class SupplierDataApiTest extends ApiTest {

    private JsonNode anchor(Client supplier, byte[] content) {
        return http.post().uri("/api/v1/supplier-data?kind=meter-readings").headers(bearer(supplier))
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(content).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode check(Client who, String id, byte[] content, String salt) {
        return http.post().uri("/api/v1/supplier-data/{id}/check", id).headers(bearer(who)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Base64.getEncoder().encodeToString(content), "salt", salt))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void disclosedDataChecksAgainstTheAnchorAndNoBlockHoldsItInPlainText() throws IOException {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client stranger = client(Role.COMPANY, "AnhuiMSP");
        String marker = "TANJI-PRIVACY-MARKER-" + UUID.randomUUID();
        byte[] content = ("meter,kWh\nline-3," + marker + ",18234.5\n").getBytes(StandardCharsets.UTF_8);

        JsonNode anchored = anchor(supplier, content);
        String id = anchored.get("id").asString();
        assertThat(anchored.get("saltedHash").asString()).startsWith("sha256:");
        http.get().uri("/api/v1/supplier-data/{id}", id).headers(bearer(leader)).exchange().expectStatus().isNotFound();

        http.post().uri("/api/v1/supplier-data/{id}/disclosures", id).headers(bearer(leader))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("counterpartyId", leader.ledgerId()))
                .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/supplier-data/{id}/disclosures", id).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("counterpartyId", leader.ledgerId()))
                .exchange().expectStatus().isOk();

        JsonNode disclosed = http.get().uri("/api/v1/supplier-data/{id}", id).headers(bearer(leader)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        byte[] received = Base64.getDecoder().decode(disclosed.get("content").asString());
        assertThat(received).isEqualTo(content);
        assertThat(disclosed.get("mediaType").asString()).isEqualTo("text/csv");
        String salt = disclosed.get("salt").asString();
        http.get().uri("/api/v1/supplier-data/{id}", id).headers(bearer(stranger)).exchange().expectStatus().isNotFound();

        JsonNode ok = check(leader, id, received, salt);
        assertThat(ok.get("matches").asBoolean()).isTrue();
        assertThat(ok.get("txId").asString()).isEqualTo(anchored.get("txId").asString());
        assertThat(ok.get("blockNumber").asLong()).isEqualTo(anchored.get("blockNumber").asLong());
        assertThat(ok.get("message").asString()).startsWith("matches, anchored at tx " + anchored.get("txId").asString() + " block ");
        byte[] altered = new String(content, StandardCharsets.UTF_8).replace("18234.5", "8234.5").getBytes(StandardCharsets.UTF_8);
        JsonNode bad = check(leader, id, altered, salt);
        assertThat(bad.get("matches").asBoolean()).isFalse();
        assertThat(bad.get("message").asString()).isEqualTo("does not match");
        assertThat(check(stranger, id, content, Base64.getEncoder().encodeToString(new byte[32])).get("matches").asBoolean())
                .as("without the salt the hash cannot be confirmed").isFalse();

        // Every block the ledger wrote, and the store's files, are searched for the planted marker. The
        // chaincode had the data as transient and private data; only this peer's private stores, which
        // are never part of the chain nor shared on the channel, may hold it: private.log (base64 in
        // the envelope, so not the raw marker) and the private-data map of the state database
        // (ledger/state/, the peer's local index; as a Fabric peer's private state database, it holds
        // the value itself, so the raw marker may be there). Its public maps
        // are built from the blocks' write sets alone, which are checked here.
        String contentBase64 = Base64.getEncoder().encodeToString(content);
        Path privateLog = DATA.resolve("ledger").resolve("private.log");
        Path stateDb = DATA.resolve("ledger").resolve("state");
        List<Path> scanned = new ArrayList<>();
        boolean anchorSeen = false;
        try (Stream<Path> files = Files.walk(DATA.resolve("ledger"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (file.startsWith(stateDb)) {
                    scanned.add(file);
                    continue;
                }
                assertThat(bytes).as(file.toString()).doesNotContain(marker);
                if (file.equals(privateLog)) {
                    assertThat(bytes).as("the data went to the private store: " + file).contains(contentBase64);
                } else {
                    assertThat(bytes).as(file.toString()).doesNotContain(contentBase64);
                    anchorSeen |= bytes.contains(anchored.get("saltedHash").asString());
                }
                scanned.add(file);
            }
        }
        assertThat(scanned).as("the scan reads the block log and the private log")
                .contains(DATA.resolve("ledger").resolve("blocks.log"), privateLog);
        assertThat(anchorSeen).as("the scan reads the blocks: the anchored salted hash is found in " + scanned).isTrue();
        try (Stream<Path> files = Files.walk(DATA.resolve("store"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(marker);
            }
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.tanji.gateway.ledger.Ledger ledger;

    @org.springframework.beans.factory.annotation.Autowired
    org.tanji.gateway.store.DocumentStore documents;

    /**
     * How {@code text} can appear in a file: as is, in hex, and base64-encoded at each of the three
     * alignments (only the characters that do not depend on the surrounding bytes), and each base64 form
     * encoded once more, as a store that keeps binary content base64-encoded would hold an encoded document.
     */
    private static java.util.Set<String> encodings(String text, boolean again) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        java.util.Set<String> forms = new java.util.LinkedHashSet<>(List.of(text, java.util.HexFormat.of().formatHex(bytes),
                java.util.HexFormat.of().withUpperCase().formatHex(bytes)));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            String stable = encoded.substring(offset == 0 ? 0 : 4, encoded.length() - 4);
            forms.add(stable);
            if (again) {
                forms.addAll(encodings(stable, false));
            }
        }
        return forms;
    }

    /** The store's files, as text. */
    private static List<String> storeFiles() throws IOException {
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DATA.resolve("store"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }

    /** The ledger's anchor of supplier data: names the store's encrypted copy. */
    private JsonNode anchorOf(Client owner, String id) {
        org.tanji.gateway.ledger.LedgerIdentity identity = clients.ledgerIdentity(clients.find(owner.id())
                .block(java.time.Duration.ofSeconds(10)));
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(ledger.evaluate(identity,
                "supplierdata:get", List.of(id)).block(java.time.Duration.ofSeconds(10)));
    }

    /** The AES-GCM key the registry keeps for {@code owner}, read from its key file. */
    private static javax.crypto.SecretKey keyOf(Client owner) throws Exception {
        String file = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(owner.ledgerId().getBytes(StandardCharsets.UTF_8))) + ".key";
        return new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(
                Files.readString(DATA.resolve("supplier-keys").resolve(file)).trim()), "AES");
    }

    private static byte[] decrypt(javax.crypto.SecretKey key, String ownerId, String id, JsonNode sealed) throws Exception {
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, key,
                new javax.crypto.spec.GCMParameterSpec(128, Base64.getDecoder().decode(sealed.get("nonce").asString())));
        cipher.updateAAD((ownerId + "\n" + id).getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(Base64.getDecoder().decode(sealed.get("ciphertext").asString()));
    }

    @Test
    void theStoresCopyIsAesGcmCiphertextUnderTheSuppliersOwnKey() throws Exception {
        Client a = client(Role.COMPANY, "GansuMSP");
        Client b = client(Role.COMPANY, "AnhuiMSP");
        String marker = "TANJI-STORE-MARKER-" + UUID.randomUUID();
        byte[] content = ("meter,kWh\nline-7," + marker + ",9120.25\n").getBytes(StandardCharsets.UTF_8);
        String idA = anchor(a, content).get("id").asString();
        String idB = anchor(b, content).get("id").asString();

        JsonNode sealedA = tools.jackson.databind.json.JsonMapper.builder().build().readTree(documents
                .get(anchorOf(a, idA).get("storedHash").asString()).block(java.time.Duration.ofSeconds(10)).content());
        JsonNode sealedB = tools.jackson.databind.json.JsonMapper.builder().build().readTree(documents
                .get(anchorOf(b, idB).get("storedHash").asString()).block(java.time.Duration.ofSeconds(10)).content());
        assertThat(sealedA.get("alg").asString()).isEqualTo("A256GCM");
        assertThat(sealedA.toString()).doesNotContain(marker);
        assertThat(Base64.getDecoder().decode(sealedA.get("nonce").asString())).hasSize(12);
        // Decrypting with the supplier's key file, its owner and the data id as additional data gives back the data.
        JsonNode plain = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(decrypt(keyOf(a), a.ledgerId(), idA, sealedA));
        assertThat(Base64.getDecoder().decode(plain.get("content").asString())).isEqualTo(content);
        assertThat(Base64.getDecoder().decode(sealedA.get("ciphertext").asString()))
                .as("ciphertext and a 128-bit tag over the plain envelope")
                .hasSize(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(plain).length + 16);
        // Two suppliers, two keys: the same data sealed for b is not b's under a's key, nor a's under b's.
        assertThat(keyOf(a).getEncoded()).isNotEqualTo(keyOf(b).getEncoded());
        assertThat(Base64.getDecoder().decode(plain.get("content").asString()))
                .isEqualTo(Base64.getDecoder().decode(tools.jackson.databind.json.JsonMapper.builder().build()
                        .readTree(decrypt(keyOf(b), b.ledgerId(), idB, sealedB)).get("content").asString()));
        for (Runnable wrong : List.<Runnable>of(() -> quietly(() -> decrypt(keyOf(b), a.ledgerId(), idA, sealedA)),
                () -> quietly(() -> decrypt(keyOf(a), b.ledgerId(), idB, sealedB)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(wrong::run)
                    .hasRootCauseInstanceOf(javax.crypto.AEADBadTagException.class);
        }

        // The store's files hold the ciphertext (so this scan reads where the data lives) and no form of the marker.
        java.util.Set<String> markerForms = encodings(marker, true);
        java.util.Set<String> ciphertextForms = encodings(sealedA.get("ciphertext").asString(), true);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        List<String> files = storeFiles();
        while (files.stream().noneMatch(f -> ciphertextForms.stream().anyMatch(f::contains))
                && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            files = storeFiles();
        }
        assertThat(files.stream().anyMatch(f -> ciphertextForms.stream().anyMatch(f::contains)))
                .as("the store's files hold the encrypted copy in one of the forms searched").isTrue();
        for (String f : files) {
            for (String form : markerForms) {
                assertThat(f).as("a store file holds the marker as " + form).doesNotContain(form);
            }
        }
    }

    private interface Failing {
        Object call() throws Exception;
    }

    private static void quietly(Failing call) {
        try {
            call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPrivateCopyThatFailsItsHashIsA500ProblemNotTheReadersFault() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String id = anchor(supplier, "meter,kWh\nline-9,310\n".getBytes(StandardCharsets.UTF_8)).get("id").asString();
        // A misbehaving chaincode on the same peer overwrites the organisation's copy.
        org.tanji.gateway.ledger.LedgerIdentity owner = clients.ledgerIdentity(clients.find(supplier.id()).block(java.time.Duration.ofSeconds(10)));
        ledger.submit(owner, "embeddedkvtest:putPrivate", java.util.List.of(
                        org.tanji.chaincode.supplychain.SupplierDataContract.collectionOf("GansuMSP"), id),
                Map.of("value", "{\"content\":\"eA==\",\"mediaType\":\"text/csv\",\"salt\":\"eA==\"}".getBytes(StandardCharsets.UTF_8)))
                .block(java.time.Duration.ofSeconds(10));

        JsonNode problem = http.get().uri("/api/v1/supplier-data/{id}", id).headers(bearer(supplier)).exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("code").asString()).isEqualTo("INTEGRITY");
        assertThat(problem.get("detail").asString()).contains("does not match the anchored salted hash");
    }

    @Test
    void onlyCompaniesAnchorAndEmptyDataIsRefused() {
        Client bank = client(Role.BANK, "GreenBankMSP");
        http.post().uri("/api/v1/supplier-data").headers(bearer(bank)).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("x").exchange().expectStatus().isForbidden();
        Client supplier = client(Role.COMPANY, "GansuMSP");
        http.post().uri("/api/v1/supplier-data").headers(bearer(supplier)).contentType(MediaType.TEXT_PLAIN)
                .exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/supplier-data/{id}/check", UUID.randomUUID()).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "eA==", "salt", "eA=="))
                .exchange().expectStatus().isNotFound();
    }
}
