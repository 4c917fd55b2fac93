package org.muster.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.PositionFix;
import org.muster.server.ingest.Fix;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the WebSocket envelopes as the endpoints read them: one binary frame is one {@link ClientMessage}
 * (/ws/console) or {@link DeviceMessage} (/ws/device). In a normal build (no {@code JAZZER_FUZZ}) Jazzer replays the
 * committed inputs under {@code ProtobufEnvelopeFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it searches for new
 * ones. The only accepted exception is {@link InvalidProtocolBufferException}.
 */
class ProtobufEnvelopeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void clientMessageParsesOrIsRefused(byte[] frame) {
        ClientMessage m;
        try {
            m = ClientMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThatParsingIsStable(m, frame);
    }

    /** Also: every fix of a batch becomes a {@link Fix} or is refused with the IllegalArgumentException the endpoint counts. */
    @FuzzTest(maxDuration = "60s")
    void deviceMessageParsesOrIsRefused(byte[] frame) {
        DeviceMessage m;
        try {
            m = DeviceMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThatParsingIsStable(m, frame);
        for (PositionFix f : m.getBatch().getFixesList()) {
            try {
                Fix fix = new Fix(f.getTimeMs(), f.getLon(), f.getLat(), f.hasAccuracyM() ? f.getAccuracyM() : null,
                        f.hasSpeedMps() ? f.getSpeedMps() : null, f.hasHeadingDeg() ? f.getHeadingDeg() : null,
                        f.hasAltitudeM() ? f.getAltitudeM() : null, f.hasBattery() ? f.getBattery() : null);
                assertThat(fix.lat()).isBetween(-90.0, 90.0);
                assertThat(fix.lon()).isBetween(-180.0, 180.0);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /** Parsing twice gives equal messages, and what the server would write back parses to the same message. */
    private static void assertThatParsingIsStable(Message m, byte[] frame) {
        try {
            assertThat(m.getParserForType().parseFrom(frame)).as("parsing is deterministic").isEqualTo(m);
            byte[] again = m.toByteArray();
            assertThat(m.getParserForType().parseFrom(again)).as("serialise and parse round-trips").isEqualTo(m);
            assertThat(m.getParserForType().parseFrom(again).toByteArray()).isEqualTo(again);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("refused bytes that parsed before, or that it wrote itself", e);
        }
    }
}
