package org.tanji.gateway.problem;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Which form an error takes on a path: the {@link ErrorDialect} that speaks it, else problem+json. One
 * choice for the controllers' errors ({@link ApiProblems}) and for requests refused before any controller
 * runs (the firewall, an unparsable request target).
 */
@Component
public class ErrorDialects {
    private final List<ErrorDialect> dialects;

    public ErrorDialects(List<ErrorDialect> dialects) {
        this.dialects = List.copyOf(dialects);
    }

    /** The dialect errors on this path are answered in, if not problem+json. */
    public Optional<ErrorDialect> of(String path) {
        return dialects.stream().filter(d -> d.speaks(path)).findFirst();
    }

    /** The error's media type and bytes on this path. */
    public ErrorDialect.Written written(HttpStatus status, String detail, String path) {
        return of(path).map(d -> d.written(status, detail, path)).orElseGet(() ->
                new ErrorDialect.Written("application/problem+json", Problems.bytes(status, detail, path, Map.of())));
    }
}
