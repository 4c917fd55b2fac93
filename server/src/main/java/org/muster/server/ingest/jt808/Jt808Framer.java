package org.muster.server.ingest.jt808;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a JT/T 808 TCP byte stream into frames: feed it the bytes as they arrive, get back every frame they complete,
 * flags included, ready for {@link Jt808Codec#decode}.
 *
 * <p>A frame is handed out only when it is well-formed (escapes, check code, body length). Bytes outside a frame are
 * skipped and counted. A candidate that fails those checks is dropped and counted, and its closing {@code 0x7E} is
 * taken as the opening flag of the next frame: after a lost or corrupted byte the stream is back in step at the next
 * frame. A candidate longer than the maximum frame size is dropped and the framer skips to the next flag.
 *
 * <p>Memory is one buffer of the maximum frame size, whatever the input. Not thread-safe: one framer per connection,
 * used from that connection's context.
 */
public final class Jt808Framer {
    private final byte[] buffer;
    private int length;
    private boolean inFrame;
    private long frames;
    private long skippedBytes;
    private long droppedFrames;

    public Jt808Framer() {
        this(Jt808Codec.MAX_FRAME_BYTES);
    }

    /** @param maxFrameBytes the longest frame accepted on the wire, flags and escapes included */
    public Jt808Framer(int maxFrameBytes) {
        if (maxFrameBytes < 2 + Jt808Codec.MIN_CONTENT_BYTES || maxFrameBytes > Jt808Codec.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be " + (2 + Jt808Codec.MIN_CONTENT_BYTES) + ".."
                    + Jt808Codec.MAX_FRAME_BYTES + ": " + maxFrameBytes);
        }
        this.buffer = new byte[maxFrameBytes - 2];
    }

    public List<byte[]> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Consumes {@code length} bytes from {@code offset} and returns the frames they complete, in order. */
    public List<byte[]> feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<byte[]> complete = null;
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (!inFrame) {
                if (b == Jt808Codec.FLAG) {
                    inFrame = true;
                    this.length = 0;
                } else {
                    skippedBytes++;
                }
            } else if (b == Jt808Codec.FLAG) {
                if (this.length == 0) {
                    continue; // back-to-back flags: the previous one closed something we did not see open
                }
                byte[] frame = candidate();
                this.length = 0;
                if (frame == null) {
                    droppedFrames++; // and this flag opens the next frame
                } else {
                    inFrame = false;
                    frames++;
                    if (complete == null) {
                        complete = new ArrayList<>(2);
                    }
                    complete.add(frame);
                }
            } else if (this.length == buffer.length) {
                droppedFrames++;
                skippedBytes++;
                inFrame = false;
                this.length = 0;
            } else {
                buffer[this.length++] = b;
            }
        }
        return complete == null ? List.of() : complete;
    }

    /** The buffered candidate as a wire frame, or null when it is not a well-formed frame. */
    private byte[] candidate() {
        byte[] frame = new byte[length + 2];
        frame[0] = Jt808Codec.FLAG;
        System.arraycopy(buffer, 0, frame, 1, length);
        frame[frame.length - 1] = Jt808Codec.FLAG;
        try {
            return Jt808Codec.structuralProblem(Jt808Codec.unescapeFrame(frame)) == null ? frame : null;
        } catch (Jt808DecodeException e) {
            return null;
        }
    }

    /** Frames handed out so far. */
    public long frames() {
        return frames;
    }

    /** Bytes skipped outside any frame (garbage between frames, the tail of an oversized one). */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Candidates dropped: bad escapes, check code or length, or longer than the maximum frame. */
    public long droppedFrames() {
        return droppedFrames;
    }

    /** Bytes held for a frame not yet complete. */
    public int bufferedBytes() {
        return inFrame ? length : 0;
    }
}
