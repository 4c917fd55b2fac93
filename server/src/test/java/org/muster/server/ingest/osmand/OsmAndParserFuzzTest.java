package org.muster.server.ingest.osmand;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.FixAssertions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link OsmAndParser#parse}, which is documented never to throw. An input is a whole request in three parts,
 * so that seeds stay readable: the first line is the Content-Type (an empty line: none), the second the query string
 * ({@code name=value&...}, taken as already decoded, as Vert.x hands it over), the rest the body. In a normal build
 * (no {@code JAZZER_FUZZ}) Jazzer replays the committed inputs under {@code OsmAndParserFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it searches for new ones.
 */
class OsmAndParserFuzzTest {
    private static final long EARLIEST_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long LATEST_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private final OsmAndParser parser = new OsmAndParser();

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrowsAndAcceptsOnlySaneFixes(byte[] request) {
        int firstBreak = indexOf(request, 0);
        int secondBreak = firstBreak < 0 ? -1 : indexOf(request, firstBreak + 1);
        String contentType = firstBreak <= 0 ? null : new String(request, 0, firstBreak, StandardCharsets.UTF_8);
        String query = firstBreak < 0 ? "" : new String(request, firstBreak + 1,
                (secondBreak < 0 ? request.length : secondBreak) - firstBreak - 1, StandardCharsets.UTF_8);
        byte[] body = firstBreak < 0 ? request
                : secondBreak < 0 ? null : Arrays.copyOfRange(request, secondBreak + 1, request.length);
        Map<String, List<String>> parameters = parameters(query);
        Map<String, List<String>> parametersBefore = copy(parameters);
        byte[] bodyBefore = body == null ? null : body.clone();

        OsmAndResult first = parser.parse(parameters, contentType, body);

        assertThat(parser.parse(parameters, contentType, body)).as("parsing is deterministic").isEqualTo(first);
        assertThat(parameters).as("the parameters are not changed").isEqualTo(parametersBefore);
        assertThat(body).as("the body is not changed").isEqualTo(bodyBefore);
        if (first instanceof OsmAndResult.Rejected r) {
            assertThat(r.message()).isNotBlank();
        } else if (first instanceof OsmAndResult.Ignored i) {
            assertThatDeviceIdIsClean(i.deviceId());
            assertThat(i.reason()).isNotBlank();
        } else if (first instanceof OsmAndResult.Accepted a) {
            assertThatDeviceIdIsClean(a.deviceId());
            assertSane(a.fix());
        }
    }

    private static void assertThatDeviceIdIsClean(String id) {
        assertThat(id).isNotBlank().hasSizeLessThanOrEqualTo(OsmAndParser.MAX_DEVICE_ID_CHARS).isEqualTo(id.strip());
        assertThat(id.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", id).isTrue();
    }

    private static void assertSane(Fix f) {
        FixAssertions.assertSane(f, EARLIEST_MS, LATEST_MS - 1);
    }

    /** {@code a=1&a=2&b} as {a: [1, 2], b: [""]}; no percent-decoding (the server gets parameters decoded). */
    private static Map<String, List<String>> parameters(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(equals < 0 ? "" : pair.substring(equals + 1));
        }
        return out;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> parameters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
