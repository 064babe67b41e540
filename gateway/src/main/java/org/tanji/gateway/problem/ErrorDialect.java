package org.tanji.gateway.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;

/**
 * An error body other than problem+json, for the paths whose clients expect another shape: PACT's
 * paths answer PACT's {@code {code, message}}. {@link ApiProblems} still decides the status of every
 * error; a dialect only words it, for the paths it {@linkplain #speaks speaks}. {@link ErrorDialects}
 * picks the one for a path.
 */
public interface ErrorDialect {

    /** An error written below the web framework: its media type and bytes. */
    record Written(String contentType, byte[] bytes) {
    }

    /** Whether errors on this path (within the application) are answered in this dialect. */
    boolean speaks(String path);

    /**
     * The error as this dialect answers it.
     *
     * @param detail  what went wrong, for a person
     * @param headers headers the error carries ({@code Allow} for 405, {@code Accept} for 415), possibly empty
     */
    ResponseEntity<?> respond(HttpStatus status, String detail, HttpHeaders headers, ServerWebExchange exchange);

    /** The error as this dialect writes it where there is no exchange to answer through (a request refused early). */
    Written written(HttpStatus status, String detail, String path);
}
