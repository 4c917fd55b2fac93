package org.muster.server.ingest.jt808;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.muster.server.ingest.jt808.Jt808CodecTest.BATCH;
import static org.muster.server.ingest.jt808.Jt808CodecTest.ESCAPED_CHECK_7E;
import static org.muster.server.ingest.jt808.Jt808CodecTest.HEARTBEAT;
import static org.muster.server.ingest.jt808.Jt808CodecTest.LOCATION;
import static org.muster.server.ingest.jt808.Jt808CodecTest.bytes;
import static org.muster.server.ingest.jt808.Jt808CodecTest.hex;

class Jt808FramerTest {

    @Test
    void framesSplitAtEveryPossibleBoundaryComeOutWhole() {
        byte[] stream = concat(bytes(LOCATION), bytes(ESCAPED_CHECK_7E), bytes(BATCH));
        for (int split = 0; split <= stream.length; split++) {
            Jt808Framer framer = new Jt808Framer();
            List<byte[]> frames = new ArrayList<>(framer.feed(stream, 0, split));
            frames.addAll(framer.feed(stream, split, stream.length - split));
            assertThat(frames).extracting(Jt808CodecTest::hex).as("split at %d", split)
                    .containsExactly(LOCATION, ESCAPED_CHECK_7E, BATCH);
        }
    }

    @Test
    void oneByteAtATimeWorksToo() {
        Jt808Framer framer = new Jt808Framer();
        List<String> frames = new ArrayList<>();
        for (byte b : concat(bytes(HEARTBEAT), bytes(LOCATION))) {
            framer.feed(new byte[] {b}).forEach(frame -> frames.add(hex(frame)));
        }
        assertThat(frames).containsExactly(HEARTBEAT, LOCATION);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void garbageBetweenFramesIsSkippedAndCounted() {
        Jt808Framer framer = new Jt808Framer();
        byte[] stream = concat("GET / HTTP/1.1\r\n".getBytes(), bytes(HEARTBEAT), new byte[] {1, 2, 3},
                bytes(LOCATION));

        assertThat(framer.feed(stream)).extracting(Jt808CodecTest::hex).containsExactly(HEARTBEAT, LOCATION);
        assertThat(framer.skippedBytes()).isEqualTo(16 + 3);
        assertThat(framer.droppedFrames()).isZero();
        assertThat(framer.frames()).isEqualTo(2);
    }

    @Test
    void aCorruptFrameIsDroppedAndTheNextOneStillArrives() {
        byte[] corrupt = bytes(HEARTBEAT);
        corrupt[5] ^= 0x10;
        Jt808Framer framer = new Jt808Framer();

        assertThat(framer.feed(concat(corrupt, bytes(LOCATION)))).extracting(Jt808CodecTest::hex)
                .containsExactly(LOCATION);
        assertThat(framer.droppedFrames()).isEqualTo(1);
    }

    @Test
    void resynchronisesWhenTheOpeningFlagWasLost() {
        // the first frame's opening flag is lost: its closing flag is read as an opening one, the garbage up to the
        // next frame's opening flag fails its check, and that flag is then taken as the opening of a new frame
        byte[] headless = bytes(HEARTBEAT);
        byte[] stream = concat(Arrays.copyOfRange(headless, 1, headless.length), "junk".getBytes(),
                bytes(LOCATION), bytes(BATCH));
        Jt808Framer framer = new Jt808Framer();

        assertThat(framer.feed(stream)).extracting(Jt808CodecTest::hex).contains(LOCATION, BATCH);
    }

    @Test
    void aTruncatedFrameFollowedByAFullOneLosesOnlyTheTruncatedOne() {
        byte[] location = bytes(LOCATION);
        byte[] truncated = Arrays.copyOf(location, location.length / 2);
        Jt808Framer framer = new Jt808Framer();

        assertThat(framer.feed(concat(truncated, bytes(HEARTBEAT)))).extracting(Jt808CodecTest::hex)
                .containsExactly(HEARTBEAT);
    }

    @Test
    void anOversizedCandidateIsDroppedWithoutGrowingTheBuffer() {
        Jt808Framer framer = new Jt808Framer(64);
        byte[] huge = new byte[10_000];
        huge[0] = 0x7E;
        Arrays.fill(huge, 1, huge.length, (byte) 0x11);

        assertThat(framer.feed(concat(huge, bytes(HEARTBEAT)))).extracting(Jt808CodecTest::hex)
                .containsExactly(HEARTBEAT);
        assertThat(framer.droppedFrames()).isEqualTo(1);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void refusesAMaximumSmallerThanTheSmallestFrame() {
        assertThatThrownBy(() -> new Jt808Framer(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomStreamsNeverThrowAndEveryFrameHandedOutDecodes() throws Exception {
        Random random = new Random(0x7E7DL);
        Jt808Framer framer = new Jt808Framer();
        for (int round = 0; round < 5_000; round++) {
            byte[] chunk;
            if (random.nextBoolean()) {
                chunk = new byte[random.nextInt(100)];
                random.nextBytes(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    if (random.nextInt(10) == 0) {
                        chunk[i] = 0x7E;
                    }
                }
            } else {
                chunk = bytes(random.nextBoolean() ? LOCATION : BATCH);
            }
            for (byte[] frame : framer.feed(chunk)) {
                assertThat(Jt808Codec.structuralProblem(Jt808Codec.unescapeFrame(frame))).isNull();
            }
        }
        assertThat(framer.frames()).isPositive();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
