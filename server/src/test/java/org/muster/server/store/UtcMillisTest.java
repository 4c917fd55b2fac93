package org.muster.server.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's timestamp conversion agrees with the JDK's for any millisecond, before and after 1970. */
class UtcMillisTest {
    @Test
    void agreesWithOfInstant() {
        Random r = new Random(7);
        long[] edges = {0, -1, 1, 999, -999, -1000, 1000, 1_796_068_173_123L, -62_135_596_800_000L, 253_402_300_799_999L};
        for (long ms : edges) {
            assertThat(PgEventStore.utcMillis(ms)).isEqualTo(OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC));
        }
        for (int i = 0; i < 100_000; i++) {
            long ms = r.nextLong() % 253_402_300_799_999L;
            assertThat(PgEventStore.utcMillis(ms)).isEqualTo(OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC));
        }
    }
}
