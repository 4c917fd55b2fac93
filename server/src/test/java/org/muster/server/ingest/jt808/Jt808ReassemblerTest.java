package org.muster.server.ingest.jt808;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Jt808ReassemblerTest {
    private static final String PHONE = "013912345678";

    private static Jt808Header pkg(int id, int serial, int total, int index) {
        return new Jt808Header(id, PHONE, serial & 0xFFFF, false, 0, 0, new Jt808Header.Subpackage(total, index));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void packagesInAnyOrderMakeTheWholeBodyAnsweredOnTheLastOnesSerial() {
        byte[] whole = bytes(2500, 1);
        List<Integer> order = new ArrayList<>(List.of(1, 2, 3));
        Collections.shuffle(order, new Random(3));
        Jt808Reassembler r = new Jt808Reassembler();
        Jt808Reassembler.Outcome out = null;
        for (int i = 0; i < order.size(); i++) {
            int index = order.get(i);
            byte[] part = Arrays.copyOfRange(whole, (index - 1) * 1000, Math.min(whole.length, index * 1000));
            out = r.offer(pkg(0x0704, 40 + index - 1, 3, index), part, 0);
            if (i < 2) {
                assertThat(out).isEqualTo(new Jt808Reassembler.Kept(i + 1, 3));
            }
        }
        Jt808Reassembler.Complete c = (Jt808Reassembler.Complete) out;
        assertThat(c.body()).isEqualTo(whole);
        assertThat(c.header().subpackage()).isNull();
        assertThat(c.header().messageId()).isEqualTo(0x0704);
        assertThat(c.header().serial()).isEqualTo(40 + order.get(2) - 1);
        assertThat(r.inProgress()).isZero();
    }

    @Test
    void aPackageSentAgainReplacesTheOneKeptAndSerialsMayWrap() {
        Jt808Reassembler r = new Jt808Reassembler();
        assertThat(r.offer(pkg(0x0704, 65535, 2, 1), new byte[] {1}, 0)).isEqualTo(new Jt808Reassembler.Kept(1, 2));
        assertThat(r.offer(pkg(0x0704, 65535, 2, 1), new byte[] {2}, 0)).isEqualTo(new Jt808Reassembler.Kept(1, 2));
        Jt808Reassembler.Complete c = (Jt808Reassembler.Complete) r.offer(pkg(0x0704, 0, 2, 2), new byte[] {3}, 0);
        assertThat(c.body()).containsExactly(2, 3);
    }

    @Test
    void theBytesHeldAreCountedAndFreedWhenAMessageCompletesIsDroppedOrTheConnectionGoes() {
        Jt808Reassembler r = new Jt808Reassembler();
        r.offer(pkg(0x0704, 10, 3, 1), new byte[100], 0);
        r.offer(pkg(0x0704, 10, 3, 1), new byte[80], 0); // sent again: replaces
        r.offer(pkg(0x0704, 11, 3, 2), new byte[50], 0);
        assertThat(r.heldBytes()).isEqualTo(130);
        r.offer(pkg(0x0704, 12, 3, 3), new byte[10], 0);
        assertThat(r.heldBytes()).isZero();

        for (int i = 0; i < Jt808Reassembler.MAX_MESSAGES + 2; i++) {
            r.offer(pkg(0x0704, 100 * i, 2, 1), new byte[7], 0);
        }
        assertThat(r.heldBytes()).isEqualTo(7L * Jt808Reassembler.MAX_MESSAGES);
        r.offer(pkg(0x0200, 5000, 2, 1), new byte[3], Jt808Reassembler.MAX_AGE_MS + 1); // the others expire
        assertThat(r.heldBytes()).isEqualTo(3);
        assertThat(r.clear()).isEqualTo(3);
        assertThat(r.heldBytes()).isZero();
        assertThat(r.inProgress()).isZero();
    }

    @Test
    void twoMessagesInterleavedAreKeptApart() {
        Jt808Reassembler r = new Jt808Reassembler();
        r.offer(pkg(0x0704, 10, 2, 1), new byte[] {1}, 0);
        r.offer(pkg(0x0704, 20, 2, 1), new byte[] {7}, 0);
        assertThat(((Jt808Reassembler.Complete) r.offer(pkg(0x0704, 21, 2, 2), new byte[] {8}, 0)).body())
                .containsExactly(7, 8);
        assertThat(((Jt808Reassembler.Complete) r.offer(pkg(0x0704, 11, 2, 2), new byte[] {2}, 0)).body())
                .containsExactly(1, 2);
    }

    @Test
    void whatCannotBelongToAMessageIsRefusedAndMemoryStaysBounded() {
        Jt808Reassembler r = new Jt808Reassembler();
        assertThat(r.offer(pkg(0x0704, 1, 3, 0), new byte[1], 0)).isInstanceOf(Jt808Reassembler.Refused.class);
        assertThat(r.offer(pkg(0x0704, 1, 3, 4), new byte[1], 0)).isInstanceOf(Jt808Reassembler.Refused.class);
        assertThat(r.offer(pkg(0x0704, 1, Jt808Reassembler.MAX_PACKAGES + 1, 1), new byte[1], 0))
                .isInstanceOf(Jt808Reassembler.Refused.class);
        Jt808Header encrypted = new Jt808Header(0x0704, PHONE, 1, false, 0, 1, new Jt808Header.Subpackage(2, 1));
        assertThat(r.offer(encrypted, new byte[1], 0)).isInstanceOf(Jt808Reassembler.Refused.class);
        assertThat(r.inProgress()).isZero();

        // a hostile terminal starting message after message never holds more than MAX_MESSAGES
        for (int i = 0; i < 100; i++) {
            r.offer(pkg(0x0704, i * 100, 5, 1), new byte[1000], 0);
        }
        assertThat(r.inProgress()).isEqualTo(Jt808Reassembler.MAX_MESSAGES);
        assertThat(r.dropped()).isEqualTo(100 - Jt808Reassembler.MAX_MESSAGES);

        // and what was left half-sent is forgotten after MAX_AGE_MS
        r.offer(pkg(0x0200, 9000, 2, 1), new byte[1], Jt808Reassembler.MAX_AGE_MS + 1);
        assertThat(r.inProgress()).isEqualTo(1);
    }

    @Test
    void aBlindAreaBatchTooLongForOneFrameDecodesAfterReassembly() throws Exception {
        // 40 locations of 28 bytes: 1,243 bytes of body, more than one frame's 1,023
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(new byte[] {0, 40, 1});
        for (int i = 0; i < 40; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28);
            b.putInt(0).putInt(2).putInt(30_000_000 + i).putInt(104_000_000).putShort((short) 500)
                    .putShort((short) 0).putShort((short) 0)
                    .put(new byte[] {0x26, 0x11, 0x30, 0x10, 0x00, (byte) (i / 10 << 4 | i % 10)});
            body.write(new byte[] {0, 28});
            body.write(b.array());
        }
        byte[] whole = body.toByteArray();
        assertThat(whole.length).isGreaterThan(Jt808Codec.MAX_BODY_BYTES);
        Jt808Codec codec = new Jt808Codec();
        Jt808Reassembler r = new Jt808Reassembler();
        Jt808Reassembler.Outcome out = null;
        for (int index = 1; index <= 2; index++) {
            byte[] part = Arrays.copyOfRange(whole, (index - 1) * 1000, Math.min(whole.length, index * 1000));
            // through real frames: encoded, escaped, decoded
            Jt808Message.Other p = (Jt808Message.Other) codec.decode(codec.encodeFrame(pkg(0x0704, 7 + index, 2, index), part));
            out = r.offer(p.header(), p.body(), 0);
        }
        Jt808Reassembler.Complete c = (Jt808Reassembler.Complete) out;
        Jt808Message.BatchLocationUpload batch = (Jt808Message.BatchLocationUpload) codec.decodeBody(c.header(), c.body());
        assertThat(batch.locations()).hasSize(40);
        assertThat(batch.locations().get(39).latitudeMicrodegrees()).isEqualTo(30_000_039);
    }
}
