package org.tanji.gateway.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client's proposal carries into simulation: the transaction id, the proposal timestamp,
 * the serialized creator and the arguments. The id is derived as Fabric derives it,
 * {@code hex(SHA-256(nonce || creator))}, so ids look and behave the same on both ledgers.
 */
record TxProposal(String txId, String channelId, String chaincodeId, Instant timestamp, byte[] nonce,
        CreatorIdentity creator, List<byte[]> args, Map<String, byte[]> transientData) {

    private static final SecureRandom NONCES = new SecureRandom();
    private static final int NONCE_BYTES = 24;

    static TxProposal create(String channelId, String chaincodeId, CreatorIdentity creator, String function,
            List<String> args, Map<String, byte[]> transientData) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        MessageDigest digest = Block.sha256();
        digest.update(nonce);
        digest.update(creator.serialized());
        String txId = WorldState.hex(digest.digest());
        List<byte[]> all = new ArrayList<>(args.size() + 1);
        all.add(function.getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            all.add(a.getBytes(StandardCharsets.UTF_8));
        }
        // The wall clock is read once, here, and is the only clock the contract ever sees.
        return new TxProposal(txId, channelId, chaincodeId, Instant.now(), nonce, creator, List.copyOf(all),
                transientData == null ? Map.of() : Map.copyOf(transientData));
    }
}
