package org.muster.server.ingest.nmea;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.FixAssertions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link NmeaDecoder} with arbitrary bytes. In a normal build (no {@code JAZZER_FUZZ}) Jazzer replays the
 * committed inputs under {@code NmeaDecoderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it searches for new ones.
 * Bad sentences are counted, never thrown; the only accepted exception is the fix cap, which the small cap here
 * makes reachable.
 */
class NmeaDecoderFuzzTest {
    /** Small, so that the fuzzer reaches the cap and its exception; the real default is far above any input here. */
    private static final int MAX_FIXES = 8;
    private static final long EARLIEST_MS = Instant.parse("1979-12-31T00:00:00Z").toEpochMilli();
    private static final long LATEST_MS = Instant.parse("2080-01-02T00:00:00Z").toEpochMilli();
    private static final byte[] REFERENCE = ("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n"
            + "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n").getBytes(StandardCharsets.US_ASCII);

    private final NmeaDecoder decoder = new NmeaDecoder(MAX_FIXES);
    private final NmeaResult reference = decodeAgain(REFERENCE);

    @FuzzTest(maxDuration = "60s")
    void decodeCountsEveryLineAndKeepsFixesInRange(byte[] data) {
        NmeaResult first;
        try {
            first = decoder.decode(data);
        } catch (NmeaDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThatSameRejection(data, e);
            assertThat(decodeAgain(REFERENCE)).as("a rejected text changes nothing").isEqualTo(reference);
            return;
        }
        assertThat(decodeAgain(data)).as("decoding is deterministic").isEqualTo(first);
        assertThat(decodeText(new String(data, StandardCharsets.ISO_8859_1))).as("bytes decode as ISO-8859-1 text")
                .isEqualTo(first);
        assertThat(first.fixes()).hasSizeLessThanOrEqualTo(MAX_FIXES);
        assertThat(first.badChecksums()).isNotNegative();
        assertThat(first.ignored()).isNotNegative();
        assertThat(first.noFix()).isNotNegative();
        assertThat(first.invalid()).isNotNegative();
        assertThat(first.undated()).isNotNegative();
        assertThat(first.fixes().size() + first.badChecksums() + first.ignored() + first.noFix() + first.invalid()
                + first.undated()).as("every line counts at most once: %s", first).isLessThanOrEqualTo(first.sentences());
        first.fixes().forEach(NmeaDecoderFuzzTest::assertSane);
    }

    private static void assertSane(Fix f) {
        FixAssertions.assertSane(f, EARLIEST_MS, LATEST_MS);
        assertThat(f.battery()).as("NMEA has no battery").isNull();
    }

    private void assertThatSameRejection(byte[] data, NmeaDecodeException first) {
        try {
            decoder.decode(data);
            throw new AssertionError("decoded the second time, rejected the first: " + first.getMessage());
        } catch (NmeaDecodeException again) {
            assertThat(again.getMessage()).isEqualTo(first.getMessage());
        }
    }

    private NmeaResult decodeAgain(byte[] data) {
        try {
            return decoder.decode(data);
        } catch (NmeaDecodeException e) {
            throw new AssertionError("rejected a text that decoded before", e);
        }
    }

    private NmeaResult decodeText(String text) {
        try {
            return decoder.decode(text);
        } catch (NmeaDecodeException e) {
            throw new AssertionError("the text was rejected, its bytes were not", e);
        }
    }
}
