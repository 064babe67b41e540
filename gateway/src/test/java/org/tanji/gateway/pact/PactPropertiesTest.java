package org.tanji.gateway.pact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The PACT settings as Spring binds them at start-up, from the names operators set. */
class PactPropertiesTest {

    private static PactProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tanji.pact", PactProperties.class);
    }

    @Test
    void theOutboxIsKeptThirtyDaysAndReconciledEveryFiveMinutesByDefault() {
        PactProperties p = bind(Map.of());
        assertThat(p.outboxRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(p.outboxReconcile()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bind(Map.of("tanji.pact.outbox-retention", "P7D")).outboxRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aNonPositiveRetentionStopsTheStartWithTheSettingsName() {
        for (String value : new String[] {"PT0S", "-P1D"}) {
            assertThatThrownBy(() -> bind(Map.of("tanji.pact.outbox-retention", value)))
                    .isInstanceOf(BindException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TANJI_PACT_OUTBOX_RETENTION").hasMessageContaining("must be positive");
        }
    }

    @Test
    void aMalformedRetentionStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("tanji.pact.outbox-retention", "a month")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("tanji.pact.outbox-retention");
    }

    @Test
    void anAcceptedEventIsTriedTwelveTimesFromFiveSecondsApartToTenMinutesByDefault() {
        PactProperties p = bind(Map.of());
        assertThat(p.intakeRetryInitial()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.intakeRetryMax()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.intakeAttempts()).isEqualTo(12);
        assertThat(RetrySchedule.ofIntake(p).afterFailure(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetrySchedule.ofIntake(p).afterFailure(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(RetrySchedule.ofIntake(p).afterFailure(12)).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> bind(Map.of("tanji.pact.intake-attempts", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TANJI_PACT_INTAKE_ATTEMPTS").hasMessageContaining("at least 1");
    }
}
