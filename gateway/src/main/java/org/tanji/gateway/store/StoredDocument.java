package org.tanji.gateway.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A document as the off-chain store holds it.
 *
 * <p>The content array is shared, not copied, because documents can be megabytes and are usually
 * streamed straight out; treat it as read-only.
 *
 * @param id          the content address, e.g. {@code "sha256:<hex>"}
 * @param hash        the algorithm {@code id} was computed with
 * @param kind        what the document is, as the writer named it (e.g. {@code "footprint-report"})
 * @param mediaType   the content's media type (e.g. {@code "application/pdf"})
 * @param size        the content length in bytes
 * @param createdAt   when the document was first stored
 * @param anchoredAt  when a committed ledger record was first reported to refer to it; {@code null}
 *                    while it is not (yet) anchored
 * @param content     the exact bytes the id was computed over
 */
public record StoredDocument(
        String id,
        DocumentHash hash,
        String kind,
        String mediaType,
        long size,
        Instant createdAt,
        Instant anchoredAt,
        byte[] content) {

    public StoredDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(content, "content");
    }

    /** The hex digest, without the algorithm prefix. */
    public String hex() {
        return id.substring(hash.prefix().length());
    }

    /** Whether a committed ledger record is known to refer to this document. */
    public boolean anchored() {
        return anchoredAt != null;
    }

    /** {@link #anchoredAt()} as an Optional. */
    public Optional<Instant> anchoredAtIfAny() {
        return Optional.ofNullable(anchoredAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredDocument other
                && id.equals(other.id)
                && hash == other.hash
                && Objects.equals(kind, other.kind)
                && Objects.equals(mediaType, other.mediaType)
                && size == other.size
                && Objects.equals(createdAt, other.createdAt)
                && Objects.equals(anchoredAt, other.anchoredAt)
                && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, mediaType, size, createdAt, anchoredAt);
    }

    @Override
    public String toString() {
        // Content is left out: it can be large and may be confidential.
        return "StoredDocument[id=" + id + ", kind=" + kind + ", mediaType=" + mediaType + ", size=" + size
                + ", createdAt=" + createdAt + ", anchoredAt=" + anchoredAt + "]";
    }
}
