package org.muster.server.ingest.jt808;

import org.junit.jupiter.api.Test;
import org.muster.server.ingest.Fix;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Frames written from the JT/T 808 specification by hand (layout in the comments; check codes and escapes worked out
 * independently of this codec), decoded, and re-encoded with the codec's own encoder, so that a mistake made the
 * same way in both directions cannot pass.
 */
class Jt808CodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PHONE = "013912345678";
    private static final String PHONE_2019 = "00000000013912345678";

    /** 0002 heartbeat | props 0000 | phone 013912345678 | serial 002A | check 18. */
    static final String HEARTBEAT = "7E00020000013912345678002A187E";

    /**
     * 0200 | props 0028 (40-byte body) | phone | serial 002B | alarm 00000001 (SOS) | status 00000003 (ACC, positioned)
     * | lat 01D2810F (30.572815) | lon 0633EEF1 (104.066801) | alt 01F4 (500 m) | speed 025D (60.5 km/h)
     * | direction 005A (90) | time 240512142800 (UTC+8) | item 01 len 04 00003039 (mileage 1234.5 km)
     * | item 30 len 01 1F (signal) | item 31 len 01 0C (satellites) | check A5.
     */
    static final String LOCATION = "7E02000028013912345678002B000000010000000301D2810F0633EEF101F4025D005A"
            + "24051214280001040000303930011F31010CA57E";

    /**
     * 0200 | 001C | phone | serial 002C | alarm 0 | status 0000000E (positioned, south, west) | lat 021002CA
     * (34.603722) | lon 037AD518 (58.381592) | alt 0019 | speed 0 | direction 0167 (359) | time 240101073000 in UTC+8,
     * which is 2023-12-31 23:30 UTC | check 0E.
     */
    static final String SOUTH_WEST = "7E0200001C013912345678002C000000000000000E021002CA037AD5180019000001672401010730000E7E";

    /**
     * 0704 | 0045 | phone | serial 002D | count 0002 | type 01 (blind area) | len 001C + item (status 2, 31.123456,
     * 121.654321, alt 10, 10.0 km/h, 180, 240601235959) | len 0022 + item (31.1235, 121.6544, alt 11, 0, 0,
     * 240602000009, mileage 01 04 0000000A) | check 0C.
     */
    static final String BATCH = "7E07040045013912345678002D000201001C000000000000000201DAE80007404C31000A006400B4"
            + "2406012359590022000000000000000201DAE82C07404C80000B0000000024060200000901040000000A0C7E";

    /**
     * 0100 | 002D | phone | serial 0001 | province 0033 (51) | city 0064 (0100) | "MUSTR" | "BD-T808" + 13 x 00
     * | "A1B2C3D" | colour 01 | GBK B4A8 "川" "A12345" | check 11.
     */
    static final String REGISTER = "7E0100002D0139123456780001003300644D5553545242442D54383038000000000000000000"
            + "000000004131423243334401B4A8413132333435117E";

    /**
     * 0100 | 4053 (2019 flag, 83-byte body) | version 01 | phone 00000000013912345678 | serial 0000 | 0033 0064
     * | "MUSTER00001" (11) | "BD-T808-2019" (30) | "T2019ID" (30) | colour 02 | GBK D4C1 "粤" "B0001" | check 22.
     */
    static final String REGISTER_2019 = "7E0100405301000000000139123456780000003300644D5553544552303030303142442D5438"
            + "30382D3230313900000000000000000000000000000000000054323031394944000000000000000000000000000000000000"
            + "000000000002D4C14230303031227E";

    /** 0102 | 000D | phone | serial 0002 | "muster-auth-1" | check 0D. */
    static final String AUTHENTICATE = "7E0102000D01391234567800026D75737465722D617574682D310D7E";

    /** 0102 | 402B | 01 | phone 2019 | serial 0001 | len 07 "AC-2019" | IMEI "860000000000001" | "V1.2.3" + 14 x 00. */
    static final String AUTHENTICATE_2019 = "7E0102402B010000000001391234567800010741432D32303139383630303030303030"
            + "30303030303156312E322E330000000000000000000000000000237E";

    /** 0102 | 0004 | phone | serial 0003 | "a" 7E 7D "b" escaped as 7D02 7D01 | check 34. */
    static final String AUTH_ESCAPED_BODY = "7E010200040139123456780003617D027D0162347E";

    /** Heartbeat, phone 013912345637, serial 7E7D: check code 7E; both escaped in header and check. */
    static final String ESCAPED_CHECK_7E = "7E000200000139123456377D027D017D027E";
    /** Heartbeat, phone 013912345634, serial 7E7D: check code 7D. */
    static final String ESCAPED_CHECK_7D = "7E000200000139123456347D027D017D017E";

    /** 0200 | status 0, lat/lon 0, time 000000000000: a valid message without a fix. */
    static final String UNPOSITIONED = "7E0200001C0139123456780004000000000000000000000000000000000000000000000000000000002A7E";

    /** 0200 | positioned at 42.95N 89.19E, alt FF66 (-154 m) | a last item E0 claiming 5 bytes with 1 left. */
    static final String TURPAN = "7E0200001F01391234567800050000000000000002028F5D700550EE70FF6600000000240715120000E00501187E";

    private final Jt808Codec codec = new Jt808Codec();

    @Test
    void decodesAHeartbeat() throws Exception {
        Jt808Message message = codec.decode(bytes(HEARTBEAT));

        assertThat(message).isEqualTo(new Jt808Message.Heartbeat(Jt808Header.of2013(0x0002, PHONE, 0x2A)));
    }

    @Test
    void decodesALocationReportWithAlarmStatusAndAdditionalItems() throws Exception {
        Jt808Message.LocationReport report = (Jt808Message.LocationReport) codec.decode(bytes(LOCATION));

        assertThat(report.header()).isEqualTo(Jt808Header.of2013(0x0200, PHONE, 0x2B));
        Jt808Location location = report.location();
        assertThat(location.emergencyAlarm()).isTrue();
        assertThat(location.accOn()).isTrue();
        assertThat(location.positioned()).isTrue();
        assertThat(location.odometerM()).isEqualTo(1_234_500L);
        assertThat(location.additional()).containsExactly(
                new Jt808Location.AdditionalItem(0x30, new byte[] {0x1F}),
                new Jt808Location.AdditionalItem(0x31, new byte[] {0x0C}));
        Fix fix = location.fix().orElseThrow();
        assertThat(Instant.ofEpochMilli(fix.timeMs())).isEqualTo(Instant.parse("2024-05-12T06:28:00Z"));
        assertThat(fix.lat()).isEqualTo(30.572815);
        assertThat(fix.lon()).isEqualTo(104.066801);
        assertThat(fix.altitudeM()).isEqualTo(500f);
        assertThat(fix.speedMps()).isCloseTo(60.5f / 3.6f, within(1e-4f));
        assertThat(fix.headingDeg()).isEqualTo(90f);
        assertThat(fix.accuracyM()).isNull();
    }

    @Test
    void southAndWestStatusBitsNegateAndBcdTimeInUtcPlus8CrossesMidnight() throws Exception {
        Jt808Location location = ((Jt808Message.LocationReport) codec.decode(bytes(SOUTH_WEST))).location();

        Fix fix = location.fix().orElseThrow();
        assertThat(fix.lat()).isEqualTo(-34.603722);
        assertThat(fix.lon()).isEqualTo(-58.381592);
        assertThat(fix.headingDeg()).isEqualTo(359f);
        assertThat(Instant.ofEpochMilli(fix.timeMs())).isEqualTo(Instant.parse("2023-12-31T23:30:00Z"));
    }

    @Test
    void decodesABlindAreaBatchOfTwoLocations() throws Exception {
        Jt808Message.BatchLocationUpload batch = (Jt808Message.BatchLocationUpload) codec.decode(bytes(BATCH));

        assertThat(batch.blindArea()).isTrue();
        assertThat(batch.locations()).hasSize(2);
        Fix first = batch.locations().get(0).fix().orElseThrow();
        Fix second = batch.locations().get(1).fix().orElseThrow();
        assertThat(Instant.ofEpochMilli(first.timeMs())).isEqualTo(Instant.parse("2024-06-01T15:59:59Z"));
        assertThat(Instant.ofEpochMilli(second.timeMs())).isEqualTo(Instant.parse("2024-06-01T16:00:09Z"));
        assertThat(first.lat()).isEqualTo(31.123456);
        assertThat(first.lon()).isEqualTo(121.654321);
        assertThat(first.speedMps()).isCloseTo(10 / 3.6f, within(1e-5f));
        assertThat(first.headingDeg()).isEqualTo(180f);
        assertThat(second.altitudeM()).isEqualTo(11f);
        assertThat(batch.locations().get(1).odometerM()).isEqualTo(1000L);
    }

    @Test
    void decodesRegistration2013WithAGbkPlate() throws Exception {
        Jt808Message message = codec.decode(bytes(REGISTER));

        assertThat(message).isEqualTo(new Jt808Message.Register(Jt808Header.of2013(0x0100, PHONE, 1), 51, 100,
                "MUSTR", "BD-T808", "A1B2C3D", 1, "川A12345"));
    }

    @Test
    void decodesRegistration2019WithVersionFlagAndLongPhoneNumber() throws Exception {
        Jt808Message message = codec.decode(bytes(REGISTER_2019));

        assertThat(message).isEqualTo(new Jt808Message.Register(Jt808Header.of2019(0x0100, 1, PHONE_2019, 0), 51, 100,
                "MUSTER00001", "BD-T808-2019", "T2019ID", 2, "粤B0001"));
    }

    @Test
    void decodesAuthentication2013And2019() throws Exception {
        assertThat(codec.decode(bytes(AUTHENTICATE))).isEqualTo(new Jt808Message.Authenticate(
                Jt808Header.of2013(0x0102, PHONE, 2), "muster-auth-1", null, null));
        assertThat(codec.decode(bytes(AUTHENTICATE_2019))).isEqualTo(new Jt808Message.Authenticate(
                Jt808Header.of2019(0x0102, 1, PHONE_2019, 1), "AC-2019", "860000000000001", "V1.2.3"));
    }

    @Test
    void unescapesTheBodyAndEncodesItBackIdentically() throws Exception {
        Jt808Message.Authenticate auth = (Jt808Message.Authenticate) codec.decode(bytes(AUTH_ESCAPED_BODY));

        assertThat(auth.authCode()).isEqualTo("a~}b");
        assertThat(hex(codec.encodeFrame(auth.header(), new byte[] {'a', 0x7E, 0x7D, 'b'})))
                .isEqualTo(AUTH_ESCAPED_BODY);
    }

    @Test
    void unescapesAHeaderAndACheckCodeThatAreFlagsAndEncodesThemBackIdentically() throws Exception {
        Jt808Message seven = codec.decode(bytes(ESCAPED_CHECK_7E));
        Jt808Message seventy = codec.decode(bytes(ESCAPED_CHECK_7D));

        assertThat(seven.header()).isEqualTo(Jt808Header.of2013(0x0002, "013912345637", 0x7E7D));
        assertThat(seventy.header()).isEqualTo(Jt808Header.of2013(0x0002, "013912345634", 0x7E7D));
        assertThat(hex(codec.encodeFrame(seven.header(), new byte[0]))).isEqualTo(ESCAPED_CHECK_7E);
        assertThat(hex(codec.encodeFrame(seventy.header(), new byte[0]))).isEqualTo(ESCAPED_CHECK_7D);
    }

    @Test
    void theEncoderReproducesEveryHandWrittenFrameFromItsHeaderAndBody() throws Exception {
        for (String frame : new String[] {HEARTBEAT, LOCATION, SOUTH_WEST, BATCH, REGISTER, REGISTER_2019,
                AUTHENTICATE, AUTHENTICATE_2019, UNPOSITIONED, TURPAN}) {
            Jt808Message message = codec.decode(bytes(frame));
            byte[] body = handWrittenBody(frame, message.header());
            assertThat(hex(codec.encodeFrame(message.header(), body))).as(frame).isEqualTo(frame);
        }
    }

    @Test
    void encodesTheGeneralResponse() throws Exception {
        Jt808Header location = codec.decode(bytes(LOCATION)).header();

        // 8001 | 0005 | phone | platform serial 0000 | reply serial 002B | reply id 0200 | result 00 | check 9D
        assertThat(hex(codec.encodeGeneralResponse(location, 0, Jt808GeneralResult.SUCCESS)))
                .isEqualTo("7E800100050139123456780000002B0200009D7E");
    }

    @Test
    void encodesRegistrationResponsesWithAndWithoutAnAuthCode() throws Exception {
        Jt808Header register = codec.decode(bytes(REGISTER)).header();

        // 8100 | 0008 | phone | serial 0001 | reply serial 0001 | result 00 | "AC123" | check 8B
        assertThat(hex(codec.encodeRegistrationResponse(register, 1, Jt808RegistrationResult.SUCCESS, "AC123")))
                .isEqualTo("7E81000008013912345678000100010041433132338B7E");
        // 8100 | 0003 | phone | serial 0002 | reply serial 0001 | result 04 | check B5
        assertThat(hex(codec.encodeRegistrationResponse(register, 2, Jt808RegistrationResult.NO_SUCH_TERMINAL, null)))
                .isEqualTo("7E810000030139123456780002000104B57E");
        assertThatThrownBy(() -> codec.encodeRegistrationResponse(register, 3, Jt808RegistrationResult.SUCCESS, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersA2019TerminalWithA2019Header() throws Exception {
        Jt808Header auth = codec.decode(bytes(AUTHENTICATE_2019)).header();

        // 8001 | 4005 | version 01 | phone 2019 | serial 0007 | reply serial 0001 | reply id 0102 | 00 | check F0
        assertThat(hex(codec.encodeGeneralResponse(auth, 7, Jt808GeneralResult.SUCCESS)))
                .isEqualTo("7E80014005010000000001391234567800070001010200F07E");
    }

    @Test
    void anUnpositionedReportIsAValidMessageWithoutAFix() throws Exception {
        Jt808Location location = ((Jt808Message.LocationReport) codec.decode(bytes(UNPOSITIONED))).location();

        assertThat(location.positioned()).isFalse();
        assertThat(location.timeMs()).isNull();
        assertThat(location.fix()).isEmpty();
    }

    @Test
    void readsAltitudeBelowSeaLevelAndToleratesATruncatedLastItem() throws Exception {
        Jt808Location location = ((Jt808Message.LocationReport) codec.decode(bytes(TURPAN))).location();

        assertThat(location.altitudeM()).isEqualTo(-154);
        assertThat(location.additional()).isEmpty();
        assertThat(location.fix()).isPresent();
    }

    @Test
    void refusesABadCheckCode() {
        byte[] frame = bytes(HEARTBEAT);
        frame[frame.length - 2] ^= 0x01;

        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(Jt808DecodeException.class)
                .hasMessageContaining("check code");
    }

    @Test
    void refusesEveryTruncationOfAFrame() {
        byte[] whole = bytes(LOCATION);
        for (int length = 0; length < whole.length; length++) {
            byte[] truncated = Arrays.copyOf(whole, length);
            if (length > 0) {
                truncated[length - 1] = 0x7E; // even when it is closed properly
            }
            assertThatThrownBy(() -> codec.decode(truncated)).as("length %d", length)
                    .isInstanceOf(Jt808DecodeException.class);
        }
    }

    @Test
    void refusesABadEscapeAnUnescapedFlagAndAWrongBodyLength() {
        assertThatThrownBy(() -> codec.decode(bytes("7E00020000013912345678002A7D03187E")))
                .isInstanceOf(Jt808DecodeException.class).hasMessageContaining("0x7D");
        assertThatThrownBy(() -> codec.decode(bytes("7E000200000139127E345678002A187E")))
                .isInstanceOf(Jt808DecodeException.class).hasMessageContaining("0x7E");
        // heartbeat claiming a 1-byte body it does not have: props 0001, check 19
        assertThatThrownBy(() -> codec.decode(bytes("7E00020001013912345678002A197E")))
                .isInstanceOf(Jt808DecodeException.class).hasMessageContaining("body length");
    }

    @Test
    void refusesANonBcdPhoneNumberAndABodyTooShortForItsType() {
        // heartbeat from phone 0139123456FF: check 9F
        assertThatThrownBy(() -> codec.decode(bytes("7E000200000139123456FF002A9F7E")))
                .isInstanceOf(Jt808DecodeException.class).hasMessageContaining("BCD");
        Jt808Header header = Jt808Header.of2013(Jt808Codec.LOCATION_REPORT, PHONE, 9);
        byte[] shortBody = codec.encodeFrame(header, new byte[27]);
        assertThatThrownBy(() -> codec.decode(shortBody)).isInstanceOf(Jt808DecodeException.class)
                .hasMessageContaining("body too short");
    }

    @Test
    void refusesABatchWhoseCountDoesNotFit() {
        Jt808Header header = Jt808Header.of2013(Jt808Codec.BATCH_LOCATION_UPLOAD, PHONE, 9);
        byte[] body = new byte[3 + 30];
        body[1] = 2; // two items claimed, room for one
        body[4] = 28;

        assertThatThrownBy(() -> codec.decode(codec.encodeFrame(header, body)))
                .isInstanceOf(Jt808DecodeException.class).hasMessageContaining("cannot fit");
    }

    @Test
    void returnsUnknownEncryptedAndSubpackagedMessagesRaw() throws Exception {
        byte[] body = {1, 2, 3};
        Jt808Header logout = Jt808Header.of2013(Jt808Codec.TERMINAL_LOGOUT, PHONE, 5);
        Jt808Header encrypted = new Jt808Header(Jt808Codec.LOCATION_REPORT, PHONE, 6, false, 0, 1, null);
        Jt808Header subpackaged = new Jt808Header(Jt808Codec.BATCH_LOCATION_UPLOAD, PHONE_2019, 7, true, 1, 0,
                new Jt808Header.Subpackage(3, 2));

        for (Jt808Header header : new Jt808Header[] {logout, encrypted, subpackaged}) {
            assertThat(codec.decode(codec.encodeFrame(header, body))).isEqualTo(new Jt808Message.Other(header, body));
        }
    }

    @Test
    void refusesOversizedBodiesWhenEncoding() {
        Jt808Header header = Jt808Header.of2013(Jt808Codec.LOCATION_REPORT, PHONE, 1);

        assertThatThrownBy(() -> codec.encodeFrame(header, new byte[Jt808Codec.MAX_BODY_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(codec.encodeFrame(header, new byte[Jt808Codec.MAX_BODY_BYTES])).isNotEmpty();
    }

    @Test
    void aBodyOfFlagsEscapesToTheMaximumFrameSizeAndDecodes() throws Exception {
        byte[] body = new byte[Jt808Codec.MAX_BODY_BYTES];
        Arrays.fill(body, (byte) 0x7E);
        Jt808Header header = new Jt808Header(0x0F00, "77777777777777777777", 0x7E7E, true, 0x7E, 0,
                new Jt808Header.Subpackage(0x7E7E, 0x7D7D));

        byte[] frame = codec.encodeFrame(header, body);

        assertThat(frame.length).isLessThanOrEqualTo(Jt808Codec.MAX_FRAME_BYTES);
        assertThat(codec.decode(frame)).isEqualTo(new Jt808Message.Other(header, body));
    }

    @Test
    void randomBytesAndMutatedFramesOnlyEverThrowTheDecodeException() {
        Random random = new Random(808);
        String[] frames = {HEARTBEAT, LOCATION, SOUTH_WEST, BATCH, REGISTER, REGISTER_2019, AUTHENTICATE_2019};
        for (int round = 0; round < 20_000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
                if (input.length > 1) {
                    input[0] = 0x7E;
                    input[input.length - 1] = 0x7E;
                }
            } else {
                input = bytes(frames[random.nextInt(frames.length)]);
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    input[1 + random.nextInt(input.length - 2)] = (byte) random.nextInt(256);
                }
            }
            try {
                Jt808Message message = codec.decode(input);
                if (message instanceof Jt808Message.LocationReport report) {
                    report.location().fix(); // never throws either
                }
            } catch (Jt808DecodeException expected) {
                // the contract
            }
        }
    }

    /** The body bytes of a hand-written frame: what follows its header, before the check code, unescaped. */
    private static byte[] handWrittenBody(String frame, Jt808Header header) throws Jt808DecodeException {
        byte[] content = Jt808Codec.unescapeFrame(bytes(frame));
        int headerBytes = (header.versioned() ? 17 : 12) + (header.subpackage() != null ? 4 : 0);
        return Arrays.copyOfRange(content, headerBytes, content.length - 1);
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HEX.withUpperCase().formatHex(bytes);
    }
}
