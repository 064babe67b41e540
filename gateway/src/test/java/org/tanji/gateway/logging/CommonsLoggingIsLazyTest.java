package org.tanji.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

/**
 * Spring (Security, WebFlux) logs through commons-logging, often with a {@code LogMessage} that
 * formats itself in {@code toString()}. commons-logging 1.3's SLF4J binding calls
 * {@code String.valueOf(message)} before the level check, so every request paid for
 * {@code String.format} calls whose debug output nobody saw (2.5 % of the bytes a
 * {@code POST /api/v1/footprints} allocated). The gateway selects the Log4j API binding, which checks
 * the level first; logging still ends in SLF4J and Logback through log4j-to-slf4j.
 */
class CommonsLoggingIsLazyTest {

    @Test
    void aDisabledDebugMessageIsNeverFormatted() {
        Log log = LogFactory.getLog("org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher");
        AtomicInteger formatted = new AtomicInteger();
        Object message = counting(formatted);

        assertThat(log.isDebugEnabled()).isFalse();
        log.debug(message);
        log.trace(message);

        assertThat(formatted).hasValue(0);
        assertThat(log.getClass().getName()).startsWith("org.apache.commons.logging.impl.Log4jApiLogFactory");
    }

    @Test
    void anEnabledMessageStillReachesTheLoggingBackend() {
        Log log = LogFactory.getLog(CommonsLoggingIsLazyTest.class);
        AtomicInteger formatted = new AtomicInteger();
        Object message = counting(formatted);

        assertThat(log.isWarnEnabled()).isTrue();
        log.warn(message);

        assertThat(formatted).hasPositiveValue();
    }

    /** A message that counts how often it is turned into text. */
    private static Object counting(AtomicInteger formatted) {
        return new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "message";
            }
        };
    }
}
