package org.tanji.gateway.supplierdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import org.tanji.gateway.config.TanjiProperties;

/**
 * One AES-256 key per supplier, in {@code <data>/supplier-keys/} readable by the registry's user
 * only, apart from the store that holds the ciphertexts: a copy of the store (or an external
 * MongoDB's backups) reveals nothing. Encryption is AES-GCM with a fresh 96-bit nonce, and the
 * additional data binds a ciphertext to its owner and data id, so one cannot be passed off as another.
 * File I/O happens on first use of a supplier's key; callers run on {@code boundedElastic}.
 */
@Component
public class SupplierKeys {
    private static final int TAG_BITS = 128;
    private final Path root;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> loaded = new ConcurrentHashMap<>();

    public SupplierKeys(TanjiProperties properties) {
        this.root = properties.dataDir().resolve("supplier-keys");
    }

    /** A sealed ciphertext: the nonce and the ciphertext with its tag. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    Sealed seal(String ownerId, String dataId, byte[] plaintext) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        return new Sealed(nonce, run(Cipher.ENCRYPT_MODE, ownerId, dataId, nonce, plaintext));
    }

    byte[] open(String ownerId, String dataId, Sealed sealed) {
        return run(Cipher.DECRYPT_MODE, ownerId, dataId, sealed.nonce(), sealed.ciphertext());
    }

    private byte[] run(int mode, String ownerId, String dataId, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key(ownerId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((ownerId + "\n" + dataId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("supplier data " + dataId + " of " + ownerId + " cannot be "
                    + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted (wrong key or altered ciphertext)"), e);
        }
    }

    private SecretKey key(String ownerId) {
        return loaded.computeIfAbsent(ownerId, owner -> {
            Path file = root.resolve(fileName(owner));
            try {
                if (!Files.exists(file)) {
                    Files.createDirectories(root);
                    ownerOnly(root, "rwx------");
                    byte[] fresh = new byte[32];
                    random.nextBytes(fresh);
                    Path tmp = root.resolve(fileName(owner) + ".tmp");
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
                    ownerOnly(tmp, "rw-------");
                    // No REPLACE_EXISTING: if another start wrote the key first, its key wins and is read below.
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    } catch (java.nio.file.FileAlreadyExistsException raced) {
                        Files.deleteIfExists(tmp);
                    }
                }
                return new SecretKeySpec(Base64.getDecoder().decode(Files.readString(file).trim()), "AES");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the data key of " + owner + " in " + root, e);
            }
        });
    }

    /** The supplier's id hashed, so file names neither leak nor trip over the {@code /} in ledger ids. */
    private static String fileName(String ownerId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ownerId.getBytes(StandardCharsets.UTF_8))) + ".key";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException ignored) {
            // Not POSIX: rely on the data folder's permissions.
        }
    }
}
