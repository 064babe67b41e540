package org.tanji.gateway.signing;

import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/labels/verify}: a scanned QR text, checked offline-style and against the ledger. */
@RestController
@Tag(name = "Labels", description = "Carbon labels and their verification")
public class LabelScanController {
    private static final int MAX_JSON = 4 * QrText.MAX_LENGTH;
    private final ScanVerifier scans;

    public LabelScanController(ScanVerifier scans) {
        this.scans = scans;
    }

    @Operation(summary = "Public: verify a scanned QR text (text/plain, or JSON {text})",
            description = "signatureValid says whether the certifier's signature holds (key rotation and revocation "
                    + "times included); status is the label's live status; each comes with its reason when it fails.")
    @PostMapping(path = "/api/v1/labels/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<LabelScan>> verify(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
                                                  @RequestBody(required = false) Mono<byte[]> body) {
        return body.defaultIfEmpty(new byte[0]).flatMap(bytes -> {
            String text = text(type, bytes);
            try {
                return scans.verify(text);
            } catch (QrText.Malformed e) {
                throw ApiException.badRequest("text", e.getMessage());
            }
        }).map(scan -> ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(scan));
    }

    private static String text(String type, byte[] bytes) {
        boolean json = type != null && MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON);
        if (bytes.length > (json ? MAX_JSON : QrText.MAX_LENGTH + 2)) {
            throw tooLong();
        }
        String text;
        if (json) {
            JsonNode node;
            try {
                node = CanonicalJson.mapper().readTree(bytes);
            } catch (java.io.IOException e) {
                throw ApiException.badRequest("body", "is not valid JSON");
            }
            if (node == null || !node.path("text").isTextual()) {
                throw ApiException.badRequest("text", "is required: the scanned QR text as a string");
            }
            text = node.get("text").asText();
        } else {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        text = text.strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("text", "is required: the scanned QR text");
        }
        if (text.length() > QrText.MAX_LENGTH) {
            throw tooLong();
        }
        return text;
    }

    private static ApiException tooLong() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "a label's QR text is at most " + QrText.MAX_LENGTH + " bytes",
                java.util.List.of(new org.tanji.gateway.problem.FieldError("text", "at most " + QrText.MAX_LENGTH + " bytes")));
    }
}
