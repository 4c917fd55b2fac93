package org.muster.server.ingest.gpx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.FixAssertions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link GpxDecoder} with arbitrary bytes. In a normal build (no {@code JAZZER_FUZZ}) Jazzer replays the
 * committed inputs under {@code GpxDecoderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it searches for new ones.
 * The only accepted exception is {@link GpxDecodeException}; the small caps here make every cap reachable.
 */
class GpxDecoderFuzzTest {
    private static final int MAX_POINTS = 16;
    private static final long MAX_BYTES = 2 * 1024;
    private static final long EARLIEST_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long LATEST_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    private static final byte[] REFERENCE = """
            <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="ref"><trk><trkseg>
            <trkpt lat="31.2" lon="121.5"><ele>4</ele><time>2024-05-12T06:28:00Z</time><hdop>1.2</hdop></trkpt>
            </trkseg></trk></gpx>
            """.getBytes(StandardCharsets.UTF_8);

    private final GpxDecoder decoder = new GpxDecoder(MAX_POINTS, MAX_BYTES);
    private final GpxResult reference = decodeAgain(REFERENCE);

    @FuzzTest(maxDuration = "60s")
    void decodeAccountsForEveryPointAndKeepsFixesInRange(byte[] data) {
        GpxResult first;
        try {
            first = decoder.decode(data);
        } catch (GpxDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThatSameRejection(data, e);
            assertThat(decodeAgain(REFERENCE)).as("a rejected document changes nothing").isEqualTo(reference);
            return;
        }
        assertThat(decodeAgain(data)).as("decoding is deterministic").isEqualTo(first);
        assertThat(first.points()).isLessThanOrEqualTo(MAX_POINTS);
        assertThat(first.withoutTime()).isNotNegative();
        assertThat(first.invalid()).isNotNegative();
        assertThat(first.fixes().size() + first.withoutTime() + first.invalid())
                .as("every track point is a fix or counted once: %s", first).isEqualTo(first.points());
        first.fixes().forEach(GpxDecoderFuzzTest::assertSane);
    }

    private static void assertSane(Fix f) {
        FixAssertions.assertSane(f, EARLIEST_MS, LATEST_MS - 1);
        assertThat(f.battery()).as("GPX has no battery").isNull();
    }

    private void assertThatSameRejection(byte[] data, GpxDecodeException first) {
        try {
            decoder.decode(data);
            throw new AssertionError("decoded the second time, rejected the first: " + first.getMessage());
        } catch (GpxDecodeException again) {
            assertThat(again.getMessage()).isEqualTo(first.getMessage());
        }
    }

    private GpxResult decodeAgain(byte[] data) {
        try {
            return decoder.decode(data);
        } catch (GpxDecodeException e) {
            throw new AssertionError("rejected a document that decoded before", e);
        }
    }
}
