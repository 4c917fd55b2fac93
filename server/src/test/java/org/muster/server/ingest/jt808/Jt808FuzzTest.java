package org.muster.server.ingest.jt808;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.FixAssertions;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the JT/T 808 decoding path: {@link Jt808Codec#decode} on a single frame, and {@link Jt808Framer#feed} on a
 * TCP byte stream followed by decoding every frame it hands out. In a normal build (no {@code JAZZER_FUZZ}) Jazzer
 * replays the committed inputs under {@code Jt808FuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it searches for new
 * ones. The only accepted exception is {@link Jt808DecodeException}; the framer never throws.
 */
class Jt808FuzzTest {
    /** A 2013 heartbeat from terminal 013912345678, serial 42. */
    private static final byte[] HEARTBEAT = HexFormat.of().parseHex("7E00020000013912345678002A187E");

    private final Jt808Codec codec = new Jt808Codec();

    @FuzzTest(maxDuration = "60s")
    void decodeThrowsOnlyDecodeExceptions(byte[] frame) {
        Jt808Message first;
        try {
            first = codec.decode(frame);
        } catch (Jt808DecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThatSameRejection(frame, e);
            return;
        }
        assertThat(decodeAgain(frame)).as("decoding is deterministic").isEqualTo(first);
        assertThat(frame).as("only a well-formed frame decodes").startsWith(Jt808Codec.FLAG).endsWith(Jt808Codec.FLAG);
        assertThat(frame.length).isLessThanOrEqualTo(Jt808Codec.MAX_FRAME_BYTES);
        assertThat(first.header().terminalPhone())
                .hasSize(first.header().versioned() ? Jt808Header.PHONE_DIGITS_2019 : Jt808Header.PHONE_DIGITS_2013)
                .containsOnlyDigits();
        locations(first).forEach(Jt808FuzzTest::assertSane);
    }

    /**
     * A stream cut anywhere gives the same frames, every frame the framer hands out is structurally sound (so decoding
     * it can fail only on what the body holds), and after any garbage a flag plus a good frame gets through.
     */
    @FuzzTest(maxDuration = "60s")
    void framerHandsOutSoundFramesWhereverTheStreamIsCut(byte[] stream) {
        Jt808Framer whole = new Jt808Framer();
        List<byte[]> frames = whole.feed(stream);
        assertThat(whole.frames()).isEqualTo(frames.size());
        assertThat(whole.bufferedBytes()).isBetween(0, Jt808Codec.MAX_FRAME_BYTES - 2);

        int step = stream.length == 0 ? 1 : 1 + (stream[0] & 0x0F);
        Jt808Framer pieces = new Jt808Framer();
        List<byte[]> cut = new ArrayList<>();
        for (int at = 0; at < stream.length; at += step) {
            cut.addAll(pieces.feed(stream, at, Math.min(step, stream.length - at)));
        }
        assertThat(hex(cut)).as("cut every %d bytes", step).isEqualTo(hex(frames));
        assertThat(pieces.skippedBytes()).isEqualTo(whole.skippedBytes());
        assertThat(pieces.droppedFrames()).isEqualTo(whole.droppedFrames());
        assertThat(pieces.bufferedBytes()).isEqualTo(whole.bufferedBytes());

        for (byte[] frame : frames) {
            assertThat(frame.length).isBetween(2 + Jt808Codec.MIN_CONTENT_BYTES, Jt808Codec.MAX_FRAME_BYTES);
            assertThat(frame).startsWith(Jt808Codec.FLAG).endsWith(Jt808Codec.FLAG);
            try {
                assertThat(Jt808Codec.structuralProblem(Jt808Codec.unescapeFrame(frame))).isNull();
            } catch (Jt808DecodeException e) {
                throw new AssertionError("the framer handed out a frame with bad escapes", e);
            }
            try {
                locations(codec.decode(frame)).forEach(Jt808FuzzTest::assertSane);
            } catch (Jt808DecodeException e) {
                // the framer checks escapes, check code and length, not whether the body fits its message id
                assertThat(e.getMessage()).isNotBlank();
            }
        }

        byte[] resync = new byte[HEARTBEAT.length + 1];
        resync[0] = Jt808Codec.FLAG;
        System.arraycopy(HEARTBEAT, 0, resync, 1, HEARTBEAT.length);
        List<byte[]> after = whole.feed(resync);
        assertThat(after).as("a flag and a good frame get through after any garbage").isNotEmpty();
        assertThat(after.get(after.size() - 1)).isEqualTo(HEARTBEAT);
        assertThat(whole.bufferedBytes()).isZero();
    }

    private static List<Jt808Location> locations(Jt808Message m) {
        if (m instanceof Jt808Message.LocationReport r) {
            return List.of(r.location());
        }
        if (m instanceof Jt808Message.BatchLocationUpload b) {
            return b.locations();
        }
        return List.of();
    }

    private static void assertSane(Jt808Location l) {
        assertThat(l.latitudeMicrodegrees()).isBetween(0L, 0xFFFF_FFFFL);
        assertThat(l.longitudeMicrodegrees()).isBetween(0L, 0xFFFF_FFFFL);
        assertThat(l.altitudeM()).isBetween(-32768, 32767);
        l.fix().ifPresent(Jt808FuzzTest::assertSane);
    }

    private static void assertSane(Fix f) {
        FixAssertions.assertSane(f, Long.MIN_VALUE, Long.MAX_VALUE); // BCD time: any year 2000..2099 it can spell
        assertThat(f.speedMps() >= 0 && f.speedMps() <= 0xFFFF / 36f).as("speed %s", f.speedMps()).isTrue();
    }

    private void assertThatSameRejection(byte[] frame, Jt808DecodeException first) {
        try {
            codec.decode(frame);
            throw new AssertionError("decoded the second time, rejected the first: " + first.getMessage());
        } catch (Jt808DecodeException again) {
            assertThat(again.getMessage()).isEqualTo(first.getMessage());
        }
    }

    private Jt808Message decodeAgain(byte[] frame) {
        try {
            return codec.decode(frame);
        } catch (Jt808DecodeException e) {
            throw new AssertionError("rejected a frame that decoded before", e);
        }
    }

    private static List<String> hex(List<byte[]> frames) {
        return frames.stream().map(HexFormat.of()::formatHex).toList();
    }
}
