package org.muster.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

/** What every decoded {@link Fix} must satisfy, whatever bytes it came from (the fuzz tests' invariant). */
public final class FixAssertions {
    private FixAssertions() {
    }

    /** Coordinates on the globe, time in [earliest, latest], no negative or NaN speed, accuracy, heading, altitude, battery. */
    public static void assertSane(Fix f, long earliestMs, long latestMs) {
        assertThat(f.lat()).isBetween(-90.0, 90.0);
        assertThat(f.lon()).isBetween(-180.0, 180.0);
        assertThat(f.timeMs()).isBetween(earliestMs, latestMs);
        if (f.headingDeg() != null) {
            assertThat(f.headingDeg() >= 0 && f.headingDeg() <= 360).as("heading %s in 0..360", f.headingDeg()).isTrue();
        }
        if (f.speedMps() != null) {
            assertThat(f.speedMps() >= 0).as("speedMps %s is not negative", f.speedMps()).isTrue(); // NaN fails too
        }
        if (f.accuracyM() != null) {
            assertThat(f.accuracyM() >= 0).as("accuracyM %s is not negative", f.accuracyM()).isTrue(); // NaN fails too
        }
        if (f.altitudeM() != null) {
            assertThat(f.altitudeM()).isNotNaN();
        }
        if (f.battery() != null) {
            assertThat(f.battery() >= 0 && f.battery() <= 1).as("battery %s in 0..1", f.battery()).isTrue();
        }
    }
}
