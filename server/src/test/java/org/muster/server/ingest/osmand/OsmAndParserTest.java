package org.muster.server.ingest.osmand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.muster.server.ingest.Fix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OsmAndParserTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final byte[] NO_BODY = new byte[0];
    private static final long T = Instant.parse("2024-05-12T06:28:00Z").toEpochMilli();

    private final OsmAndParser parser = new OsmAndParser();

    @Test
    void acceptsTheQueryStringTraccarClientSends() {
        OsmAndResult result = parser.parse(query("id=864943040000001&lat=30.572815&lon=104.066801"
                + "&timestamp=1715495280&speed=10&bearing=90.5&altitude=500.2&accuracy=12.5&batt=87"), null, NO_BODY);

        Fix fix = accepted(result, "864943040000001");
        assertThat(fix.timeMs()).isEqualTo(T);
        assertThat(fix.lat()).isEqualTo(30.572815);
        assertThat(fix.lon()).isEqualTo(104.066801);
        assertThat(fix.speedMps()).as("knots").isCloseTo(10 * 1852f / 3600, within(1e-4f));
        assertThat(fix.headingDeg()).isEqualTo(90.5f);
        assertThat(fix.altitudeM()).isEqualTo(500.2f);
        assertThat(fix.accuracyM()).isEqualTo(12.5f);
        assertThat(fix.battery()).isCloseTo(0.87f, within(1e-6f));
    }

    @Test
    void acceptsAFormBodyWithOrWithoutItsContentType() {
        byte[] body = ("deviceid=team-3%2Fphone&lat=-34.603722&lon=-58.381592&timestamp=2024-05-12T06%3A28%3A00Z"
                + "&heading=359").getBytes(StandardCharsets.US_ASCII);

        for (String contentType : new String[] {FORM, FORM + "; charset=UTF-8", null}) {
            Fix fix = accepted(parser.parse(Map.of(), contentType, body), "team-3/phone");
            assertThat(fix.lat()).isEqualTo(-34.603722);
            assertThat(fix.lon()).isEqualTo(-58.381592);
            assertThat(fix.timeMs()).isEqualTo(T);
            assertThat(fix.headingDeg()).isEqualTo(359f);
        }
    }

    @Test
    void acceptsTheJsonBodyOfTraccarClientWithSpeedInMetresPerSecond() throws IOException {
        OsmAndResult result = parser.parse(Map.of(), "application/json; charset=utf-8", resource("traccar-client.json"));

        Fix fix = accepted(result, "48241179");
        assertThat(fix.timeMs()).isEqualTo(Instant.parse("2024-05-12T06:28:00.123Z").toEpochMilli());
        assertThat(fix.lat()).isEqualTo(30.572815);
        assertThat(fix.lon()).isEqualTo(104.066801);
        assertThat(fix.accuracyM()).isEqualTo(4.7f);
        assertThat(fix.speedMps()).as("m/s, unconverted").isEqualTo(13.9f);
        assertThat(fix.headingDeg()).as("-1 means unknown").isNull();
        assertThat(fix.altitudeM()).isEqualTo(512.3f);
        assertThat(fix.battery()).isEqualTo(0.55f);
    }

    @Test
    void recognisesJsonWithoutAContentType() {
        byte[] body = ("  {\"device_id\": 48241179, \"location\": {\"timestamp\": 1715495280, "
                + "\"coords\": {\"latitude\": 1.5, \"longitude\": 2.5}}}").getBytes(StandardCharsets.UTF_8);

        Fix fix = accepted(parser.parse(null, null, body), "48241179");
        assertThat(fix.timeMs()).isEqualTo(T);
        assertThat(fix.speedMps()).isNull();
        assertThat(fix.battery()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1715495280                    | 2024-05-12T06:28:00Z",
            "1715495280.25                 | 2024-05-12T06:28:00.250Z",
            "1715495280123                 | 2024-05-12T06:28:00.123Z",
            "2147483646                    | 2038-01-19T03:14:06Z",
            "2024-05-12T06:28:00Z          | 2024-05-12T06:28:00Z",
            "2024-05-12T06:28:00.5Z        | 2024-05-12T06:28:00.500Z",
            "2024-05-12T14:28:00+08:00     | 2024-05-12T06:28:00Z",
            "2024-05-12T06:28:00           | 2024-05-12T06:28:00Z",
            "2024-05-12 06:28:00           | 2024-05-12T06:28:00Z",
            "2024-05-12 06:28:00.000       | 2024-05-12T06:28:00Z"})
    void readsEveryTimestampForm(String timestamp, String expected) {
        Map<String, List<String>> parameters = query("id=1&lat=1&lon=2");
        parameters.put("timestamp", List.of(timestamp));

        assertThat(accepted(parser.parse(parameters, null, NO_BODY), "1").timeMs())
                .isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @Test
    void readsJsonNumericTimestampsInSecondsAndMilliseconds() {
        for (String timestamp : new String[] {"1715495280", "1715495280000", "1715495280.0", "\"1715495280\""}) {
            byte[] body = ("{\"device_id\":\"a\",\"location\":{\"timestamp\":" + timestamp
                    + ",\"coords\":{\"latitude\":1,\"longitude\":2}}}").getBytes(StandardCharsets.UTF_8);
            assertThat(accepted(parser.parse(null, "application/json", body), "a").timeMs()).as(timestamp).isEqualTo(T);
        }
    }

    @Test
    void theFirstMillisecondValueIsMillisecondsAndThereforeRefusedAsJanuary1970() {
        assertThat(rejection(query("id=1&lat=1&lon=2&timestamp=2147483647"))).contains("outside 2000..2100");
    }

    @Test
    void rejectsAMissingDeviceId() {
        assertThat(rejection(query("lat=1&lon=2&timestamp=1715495280"))).contains("missing device id");
        assertThat(rejection(query("id=&lat=1&lon=2&timestamp=1715495280"))).contains("missing device id");
        assertThat(jsonRejection("{\"location\":{\"timestamp\":\"2024-05-12T06:28:00Z\","
                + "\"coords\":{\"latitude\":1,\"longitude\":2}}}")).contains("device_id");
        assertThat(rejection(query("id=a%01b&lat=1&lon=2&timestamp=1715495280"))).contains("printable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lat=abc           | lat is not a number",
            "lat=NaN           | lat is not a number",
            "lat=Infinity      | lat is not a number",
            "lat=0x1p3         | lat is not a number",
            "lat=1d            | lat is not a number",
            "lat=1e400         | lat is not a finite number",
            "lat=--1           | lat is not a number",
            "speed=fast        | speed is not a number",
            "batt=high         | batt is not a number",
            "timestamp=soon    | timestamp is neither",
            "timestamp=-5      | timestamp is neither",
            "timestamp=0       | outside 2000..2100",
            "timestamp=1999-12-31T23:59:59Z | outside 2000..2100"})
    void rejectsBadNumbersAndTimes(String override, String message) {
        Map<String, List<String>> parameters = query("id=1&lat=1&lon=2&timestamp=1715495280");
        String[] pair = override.split("=", 2);
        parameters.put(pair[0], List.of(pair[1]));

        assertThat(rejection(parameters)).contains(message);
    }

    @Test
    void rejectsCoordinatesOutOfRange() {
        assertThat(rejection(query("id=1&lat=90.0001&lon=2&timestamp=1715495280"))).contains("lat").contains("-90..90");
        assertThat(rejection(query("id=1&lat=1&lon=-180.5&timestamp=1715495280"))).contains("lon")
                .contains("-180..180");
        assertThat(jsonRejection("{\"device_id\":\"a\",\"location\":{\"timestamp\":\"2024-05-12T06:28:00Z\","
                + "\"coords\":{\"latitude\":95,\"longitude\":2}}}")).contains("latitude").contains("-90..90");
        assertThat(accepted(parser.parse(query("id=1&lat=-90&lon=180&timestamp=1715495280"), null, NO_BODY), "1")
                .lat()).isEqualTo(-90);
    }

    @Test
    void rejectsAPositionWithoutTimestampOrWithHalfACoordinate() {
        assertThat(rejection(query("id=1&lat=1&lon=2"))).contains("missing timestamp");
        assertThat(rejection(query("id=1&lat=1&timestamp=1715495280"))).contains("missing lon");
    }

    @Test
    void ignoresRequestsWithoutAPositionOrMarkedInvalid() {
        assertThat(parser.parse(query("id=1&batt=50"), null, NO_BODY))
                .isEqualTo(new OsmAndResult.Ignored("1", "no position"));
        assertThat(parser.parse(query("id=1&lat=1&lon=2&timestamp=1715495280&valid=false"), null, NO_BODY))
                .isInstanceOf(OsmAndResult.Ignored.class);
        byte[] heartbeat = "{\"device_id\":\"a\",\"location\":{\"timestamp\":\"2024-05-12T06:28:00Z\",\"event\":\"heartbeat\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(null, "application/json", heartbeat))
                .isEqualTo(new OsmAndResult.Ignored("a", "no coordinates"));
    }

    @Test
    void rejectsMalformedOversizedDeepAndBatchedJson() {
        assertThat(jsonRejection("{\"device_id\":")).isEqualTo("malformed JSON body");
        assertThat(jsonRejection("{\"device_id\":\"a\"} trailing")).isEqualTo("malformed JSON body");
        assertThat(jsonRejection("[1,2]")).contains("must be an object");
        assertThat(jsonRejection("[".repeat(100) + "]".repeat(100))).isEqualTo("malformed JSON body");
        assertThat(jsonRejection("{\"device_id\":\"a\",\"location\":[{\"timestamp\":\"2024-05-12T06:28:00Z\"}]}"))
                .contains("batches");
        assertThat(jsonRejection("{\"a\":[" + "1,".repeat(OsmAndParser.MAX_JSON_VALUES) + "1]}"))
                .isEqualTo("malformed JSON body");
        byte[] huge = new byte[OsmAndParser.MAX_BODY_BYTES + 1];
        assertThat(parser.parse(null, "application/json", huge)).isInstanceOf(OsmAndResult.Rejected.class);
    }

    @Test
    void queryParametersWinOverFormFieldsAndTheFirstNonEmptyValueCounts() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("id", List.of("", "from-query"));
        byte[] body = "id=from-form&lat=1&lon=2&timestamp=1715495280".getBytes(StandardCharsets.US_ASCII);

        assertThat(accepted(parser.parse(parameters, FORM, body), "from-query").lat()).isEqualTo(1);
    }

    @Test
    void aBodyOfAnotherContentTypeIsNotReadAsAForm() {
        byte[] body = "id=1&lat=1&lon=2&timestamp=1715495280".getBytes(StandardCharsets.US_ASCII);

        assertThat(rejection(parser.parse(Map.of(), "text/plain", body))).contains("missing device id");
    }

    @Test
    void rejectsABrokenPercentEncoding() {
        byte[] body = "id=%ZZ&lat=1&lon=2&timestamp=1715495280".getBytes(StandardCharsets.US_ASCII);

        assertThat(rejection(parser.parse(Map.of(), FORM, body))).contains("percent-encoding");
    }

    @Test
    void theQuerySpeedUnitIsConfigurable() {
        Map<String, List<String>> parameters = query("id=1&lat=1&lon=2&timestamp=1715495280&speed=36");

        assertThat(accepted(new OsmAndParser(OsmAndParser.SpeedUnit.METRES_PER_SECOND).parse(parameters, null, NO_BODY),
                "1").speedMps()).isEqualTo(36f);
        assertThat(accepted(new OsmAndParser(OsmAndParser.SpeedUnit.KILOMETRES_PER_HOUR).parse(parameters, null,
                NO_BODY), "1").speedMps()).isCloseTo(10f, within(1e-5f));
    }

    @Test
    void acceptsLocationAndHdopAndLeavesOutUnknownValues() {
        Fix fix = accepted(parser.parse(query("id=1&location=30.5,104.1&timestamp=1715495280&hdop=1.2"
                + "&speed=-1&bearing=-1&batt=150"), null, NO_BODY), "1");

        assertThat(fix.lat()).isEqualTo(30.5);
        assertThat(fix.lon()).isEqualTo(104.1);
        assertThat(fix.accuracyM()).isCloseTo(6f, within(1e-5f));
        assertThat(fix.speedMps()).isNull();
        assertThat(fix.headingDeg()).isNull();
        assertThat(fix.battery()).isNull();
    }

    @Test
    void randomInputNeverThrows() throws IOException {
        Random random = new Random(5055);
        byte[] json = resource("traccar-client.json");
        String[] contentTypes = {null, "application/json", FORM, "text/plain"};
        for (int round = 0; round < 5_000; round++) {
            byte[] body = json.clone();
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            String[] names = {"id", "lat", "lon", "timestamp", "speed", "batt", "location", "hdop"};
            for (int k = 0; k < random.nextInt(6); k++) {
                byte[] value = new byte[random.nextInt(12)];
                random.nextBytes(value);
                parameters.put(names[random.nextInt(names.length)],
                        List.of(new String(value, StandardCharsets.ISO_8859_1)));
            }
            OsmAndResult result = parser.parse(parameters, contentTypes[random.nextInt(contentTypes.length)], body);
            assertThat(result).isNotNull();
        }
    }

    private static Map<String, List<String>> query(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.computeIfAbsent(nameValue[0], name -> new java.util.ArrayList<>()).add(
                    java.net.URLDecoder.decode(nameValue.length > 1 ? nameValue[1] : "", StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static Fix accepted(OsmAndResult result, String deviceId) {
        assertThat(result).isInstanceOf(OsmAndResult.Accepted.class);
        OsmAndResult.Accepted accepted = (OsmAndResult.Accepted) result;
        assertThat(accepted.deviceId()).isEqualTo(deviceId);
        return accepted.fix();
    }

    private String rejection(Map<String, List<String>> parameters) {
        return rejection(parser.parse(parameters, null, NO_BODY));
    }

    private static String rejection(OsmAndResult result) {
        assertThat(result).isInstanceOf(OsmAndResult.Rejected.class);
        return ((OsmAndResult.Rejected) result).message();
    }

    private String jsonRejection(String json) {
        return rejection(parser.parse(null, "application/json", json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OsmAndParserTest.class.getResourceAsStream("/ingest/osmand/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
