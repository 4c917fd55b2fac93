package org.muster.server.ingest.nmea;

import org.junit.jupiter.api.Test;
import org.muster.server.ingest.Fix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NmeaDecoderTest {
    /** Shared real receiver data (gpsd's regression log), read in place: see its README. */
    private static final Path SHARED = Path.of("../../shared/data/nmea");

    private final NmeaDecoder decoder = new NmeaDecoder();

    @Test
    void realBeidouCaptureYieldsExactlyTheFiveFixesGpsdDecodes() throws Exception {
        NmeaResult result = decoder.decode(Files.readString(shared("beidou-bd.nmea"), StandardCharsets.US_ASCII));

        List<String> expected = Files.readAllLines(shared("expected-fixes.csv")).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("time") && !line.isBlank()).toList();
        assertThat(expected).hasSize(5);
        assertThat(result.fixes()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            String[] columns = expected.get(i).split(",");
            Fix fix = result.fixes().get(i);
            assertThat(Instant.ofEpochMilli(fix.timeMs())).isEqualTo(Instant.parse(columns[0]));
            assertThat(fix.lat()).isCloseTo(Double.parseDouble(columns[1]), within(1e-7));
            assertThat(fix.lon()).isCloseTo(Double.parseDouble(columns[2]), within(1e-7));
        }
        assertThat(result.badChecksums()).isZero();
        assertThat(result.undated()).isZero();
        // the five RMC with status V and the five GGA with quality 0 before the first valid fix
        assertThat(result.noFix()).isEqualTo(10);
    }

    @Test
    void realCaptureMergesGgaAltitudeAndHdopIntoTheRmcFix() throws Exception {
        Fix first = decoder.decode(Files.readString(shared("beidou-bd.nmea"))).fixes().get(0);

        assertThat(first.altitudeM()).isEqualTo(156.9f);
        assertThat(first.accuracyM()).isCloseTo(1.3f * 5, within(1e-4f));
        assertThat(first.speedMps()).isCloseTo(0.30f * 1852 / 3600, within(1e-5f));
        assertThat(first.headingDeg()).isEqualTo(4.94f);
        assertThat(first.battery()).isNull();
    }

    @Test
    void southernAndWesternHemispheresAreNegative() throws Exception {
        NmeaResult result = decoder.decode(resource("southern-western.nmea"));

        assertThat(result.fixes()).singleElement().satisfies(fix -> {
            assertThat(Instant.ofEpochMilli(fix.timeMs())).isEqualTo(Instant.parse("2024-03-15T12:35:19Z"));
            assertThat(fix.lat()).isCloseTo(-(34 + 36.1234 / 60), within(1e-9));
            assertThat(fix.lon()).isCloseTo(-(58 + 22.5678 / 60), within(1e-9));
            assertThat(fix.speedMps()).isCloseTo(10 * 0.514444f, within(1e-4f));
            assertThat(fix.headingDeg()).isEqualTo(270.5f);
            assertThat(fix.altitudeM()).isEqualTo(25.5f);
            assertThat(fix.accuracyM()).isCloseTo(4.5f, within(1e-5f));
        });
    }

    @Test
    void dateRollsOverAtMidnightUtcForRmcAndForGgaOnlyEpochs() throws Exception {
        NmeaResult result = decoder.decode(resource("midnight.nmea"));

        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2024-12-31T23:59:59.500Z"),
                Instant.parse("2025-01-01T00:00:00.500Z"),
                Instant.parse("2025-01-01T00:00:01.500Z"));
        Fix ggaOnly = result.fixes().get(2);
        assertThat(ggaOnly.speedMps()).isNull();
        assertThat(ggaOnly.altitudeM()).isEqualTo(48.5f);
        assertThat(ggaOnly.accuracyM()).isCloseTo(4.0f, within(1e-5f));
        assertThat(result.fixes().get(1).accuracyM()).as("no GGA in that epoch").isNull();
    }

    @Test
    void ggaOnlyEpochJustAfterMidnightTakesTheNextDayOfTheLatestRmc() throws Exception {
        NmeaResult result = decoder.decode(resource("gga-after-midnight.nmea"));

        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2024-02-29T23:59:58Z"), Instant.parse("2024-03-01T00:00:02Z"));
    }

    @Test
    void beidouBdAndGbTalkersAreDecodedAndOtherTalkersIgnored() throws Exception {
        NmeaResult result = decoder.decode(resource("beidou-talkers.nmea"));

        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2023-05-12T02:15:30Z"), Instant.parse("2023-05-12T02:15:31Z"));
        assertThat(result.fixes().get(0).altitudeM()).isEqualTo(510.2f);
        assertThat(result.fixes().get(1).lat()).isCloseTo(30 + 41.499 / 60, within(1e-9));
        assertThat(result.sentences()).isEqualTo(6);
        assertThat(result.ignored()).as("GBGSV and the GI talker").isEqualTo(2);
    }

    @Test
    void sentencesWithBadOrMissingChecksumAreCountedAndSkipped() throws Exception {
        NmeaResult result = decoder.decode(resource("checksums.nmea"));

        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2024-06-01T08:15:00Z"), Instant.parse("2024-06-01T08:15:03Z"));
        assertThat(result.badChecksums()).isEqualTo(2);
    }

    @Test
    void ggaOnlyFixesBeforeAnyDateAreDroppedAndCounted() throws Exception {
        NmeaResult result = decoder.decode(resource("gga-only-before-date.nmea"));

        assertThat(result.undated()).isEqualTo(2);
        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2024-07-07T10:00:02Z"), Instant.parse("2024-07-07T10:00:03Z"));
    }

    @Test
    void anInvalidRmcOverrulesTheGgaOfItsEpoch() throws Exception {
        NmeaResult result = decoder.decode(resource("void-rmc-vetoes-gga.nmea"));

        assertThat(result.fixes()).isEmpty();
        assertThat(result.noFix()).as("RMC V, its GGA, RMC with mode N").isEqualTo(3);
    }

    @Test
    void toleratesLfLeadingWhitespaceAndProprietarySentencesAndCountsGarbage() throws Exception {
        String text = "  $PSRF151,3,1833,28692,0x7EFFFFFF*15\n"
                + "not nmea at all\n"
                + "\t$GPRMC,081500.00,A,3000.0000,N,12000.0000,E,0.0,0.0,010624,,,A*53   \n"
                + "$GPRMC,081501.00,A,99" + "9".repeat(NmeaDecoder.MAX_LINE_CHARS) + "*00\n";

        NmeaResult result = decoder.decode(text);

        assertThat(result.fixes()).hasSize(1);
        assertThat(result.sentences()).isEqualTo(4);
        assertThat(result.ignored()).isEqualTo(1);
        assertThat(result.invalid()).as("the prose line and the over-long line").isEqualTo(2);
    }

    @Test
    void malformedFieldsCountAsInvalid() throws Exception {
        String text = String.join("\n",
                withChecksum("GPRMC,081500.00,A,3060.0000,N,12000.0000,E,0.0,0.0,010624,,,A"),  // 60 minutes
                withChecksum("GPRMC,081501.00,A,9030.0000,N,12000.0000,E,0.0,0.0,010624,,,A"),  // 90.5 degrees
                withChecksum("GPRMC,081502.00,A,3000.0000,X,12000.0000,E,0.0,0.0,010624,,,A"),  // hemisphere
                withChecksum("GPRMC,081503.00,A,3000.0000,N,12000.0000,E,0.0,0.0,310224,,,A"),  // 31 February
                withChecksum("GPRMC,246000.00,A,3000.0000,N,12000.0000,E,0.0,0.0,010624,,,A"),  // 24:60
                withChecksum("GPRMC,081504.00,A,3000.0000,N,12000.0000,E,1e3,0.0,010624,,,A"),  // speed
                withChecksum("GPRMC,081505.00,A,3000.0000,N"));                                 // truncated

        NmeaResult result = decoder.decode(text);

        assertThat(result.fixes()).isEmpty();
        assertThat(result.invalid()).isEqualTo(7);
    }

    @Test
    void moreFixesThanTheCapFailTheWholeText() {
        String text = String.join("\n",
                withChecksum("GPRMC,081500.00,A,3000.0000,N,12000.0000,E,0.0,0.0,010624,,,A"),
                withChecksum("GPRMC,081501.00,A,3000.0000,N,12000.0000,E,0.0,0.0,010624,,,A"),
                withChecksum("GPRMC,081502.00,A,3000.0000,N,12000.0000,E,0.0,0.0,010624,,,A"));

        assertThatThrownBy(() -> new NmeaDecoder(2).decode(text))
                .isInstanceOf(NmeaDecodeException.class).hasMessageContaining("more than 2 fixes");
    }

    @Test
    void randomMutationsOfRealDataNeverThrow() throws Exception {
        byte[] original = Files.readAllBytes(shared("beidou-bd.nmea"));
        Random random = new Random(808);
        for (int round = 0; round < 2_000; round++) {
            byte[] mutated = original.clone();
            for (int k = 0; k < 1 + random.nextInt(20); k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            NmeaResult result = decoder.decode(mutated);
            assertThat(result.fixes()).hasSizeLessThanOrEqualTo(5 + 5);
        }
    }

    private static Path shared(String name) {
        Path path = SHARED.resolve(name);
        return Files.exists(path) ? path : Path.of("/work/shared/data/nmea").resolve(name);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NmeaDecoderTest.class.getResourceAsStream("/ingest/nmea/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String withChecksum(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return String.format("$%s*%02X", body, sum);
    }
}
