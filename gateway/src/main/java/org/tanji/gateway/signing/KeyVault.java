package org.tanji.gateway.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.tanji.chaincode.signing.PublicKeys;

/**
 * The certifiers' private signing keys, one PKCS#8 DER file per key at
 * {@code <data>/signing-keys/<kid>.p8}, readable by the registry's user only (as
 * {@code security.LocalMsp} keeps identities). A key id names a public key, so a file can never
 * be mistaken for another key's.
 */
public final class KeyVault {
    private final Path root;
    private final Map<String, ECPrivateKeyParameters> loaded = new ConcurrentHashMap<>();

    public KeyVault(Path root) {
        this.root = root;
    }

    /** Stores a new private key under its key id. */
    public void store(String kid, ECPrivateKeyParameters key) {
        requireKid(kid);
        try {
            Files.createDirectories(root);
            ownerOnly(root, "rwx------");
            Path file = root.resolve(kid + ".p8");
            Path tmp = root.resolve(kid + ".p8.tmp");
            Files.write(tmp, SignatureAlg.pkcs8(key));
            ownerOnly(tmp, "rw-------");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            loaded.put(kid, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the signing key " + kid + " under " + root, e);
        }
    }

    /** The private key of {@code kid}, or {@code null} if this registry does not hold it. */
    public ECPrivateKeyParameters find(String kid, SignatureAlg alg) {
        requireKid(kid);
        return loaded.computeIfAbsent(kid, k -> {
            Path file = root.resolve(k + ".p8");
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return alg.privateKey(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the signing key " + file, e);
            }
        });
    }

    /** Removes a key that never made it onto the ledger. */
    public void discard(String kid) {
        requireKid(kid);
        loaded.remove(kid);
        try {
            Files.deleteIfExists(root.resolve(kid + ".p8"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String kid) {
        return root.resolve(kid + ".p8");
    }

    private static void requireKid(String kid) {
        if (!PublicKeys.isKid(kid)) {
            throw new IllegalArgumentException("not a key id: " + kid);
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
