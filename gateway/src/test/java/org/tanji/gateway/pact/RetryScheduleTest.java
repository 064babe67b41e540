package org.tanji.gateway.pact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The outbox's backoff: each wait doubles the one before, from the initial wait to the maximum. */
class RetryScheduleTest {

    private static RetrySchedule bound(Map<String, String> settings) {
        return RetrySchedule.of(new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tanji.pact",
                PactProperties.class));
    }

    @Test
    void byDefaultTheWaitsDoubleFromThirtySecondsToAnHour() {
        RetrySchedule schedule = bound(Map.of());
        List<Duration> waits = new ArrayList<>();
        for (int failure = 1; failure <= 9; failure++) {
            waits.add(schedule.afterFailure(failure));
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32),
                Duration.ofHours(1), Duration.ofHours(1));
    }

    @Test
    void eachWaitIsTwiceTheOneBeforeUntilTheMaximumAndNeverShrinks() {
        RetrySchedule schedule = bound(Map.of("tanji.pact.retry-initial", "PT0.2S", "tanji.pact.retry-max", "PT10S"));
        Duration before = schedule.afterFailure(1);
        assertThat(before).isEqualTo(Duration.ofMillis(200));
        for (int failure = 2; failure <= 200; failure++) {
            Duration wait = schedule.afterFailure(failure);
            if (before.multipliedBy(2).compareTo(Duration.ofSeconds(10)) <= 0) {
                assertThat(wait).as("wait after failure " + failure).isEqualTo(before.multipliedBy(2));
            } else {
                assertThat(wait).as("wait after failure " + failure).isEqualTo(Duration.ofSeconds(10));
            }
            before = wait;
        }
        // 0.2 s doubled 5 times is 6.4 s; the 7th wait would be 12.8 s and is held at the maximum.
        assertThat(schedule.afterFailure(6)).isEqualTo(Duration.ofMillis(6400));
        assertThat(schedule.afterFailure(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.afterFailure(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void seventyTwoHoursOfDefaultRetriesAreAboutSeventyAttemptsNotThousands() {
        RetrySchedule schedule = bound(Map.of());
        Duration elapsed = Duration.ZERO;
        int attempts = 1;
        while (elapsed.compareTo(Duration.ofHours(72)) < 0) {
            elapsed = elapsed.plus(schedule.afterFailure(attempts));
            attempts++;
        }
        // 30 s + 1 + 2 + … + 32 min ≈ 63.5 min, then hourly: 72 h is about 79 attempts.
        assertThat(attempts).isBetween(75, 80);
    }
}
