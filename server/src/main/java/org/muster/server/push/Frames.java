package org.muster.server.push;

import com.google.protobuf.CodedOutputStream;
import io.vertx.core.buffer.Buffer;
import org.muster.protocol.v1.Error;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Heartbeat;
import org.muster.protocol.v1.ServerMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Encodes the server's frames on /ws/console: one ServerMessage per binary frame. */
final class Frames {
    private static final int SERVER_MESSAGE_DELTAS = 11;
    private static final int BATCH_EPOCH = 1;
    private static final int BATCH_DELTAS = 2;
    static final int DELTA_SEQ = 1;
    static final int DELTA_TIME = 2;

    private Frames() {
    }

    /**
     * {@code ServerMessage{deltas: DeltaBatch{epoch, deltas...}}} from changes numbered {@code firstSeq, firstSeq + 1,
     * ...}, without building the messages again: each {@code Delta{seq, time_ms, <change>}} is written straight into
     * the frame around the change's bytes, which were encoded once for all consoles.
     */
    static Buffer deltas(String epoch, List<Change> changes, long firstSeq) {
        try {
            int batch = CodedOutputStream.computeStringSize(BATCH_EPOCH, epoch);
            for (int i = 0; i < changes.size(); i++) {
                int d = deltaSize(changes.get(i), firstSeq + i);
                batch += CodedOutputStream.computeTagSize(BATCH_DELTAS) + CodedOutputStream.computeUInt32SizeNoTag(d) + d;
            }
            int total = CodedOutputStream.computeTagSize(SERVER_MESSAGE_DELTAS) + CodedOutputStream.computeUInt32SizeNoTag(batch) + batch;
            byte[] out = new byte[total];
            CodedOutputStream o = CodedOutputStream.newInstance(out);
            o.writeTag(SERVER_MESSAGE_DELTAS, 2);
            o.writeUInt32NoTag(batch);
            o.writeString(BATCH_EPOCH, epoch);
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                long seq = firstSeq + i;
                o.writeTag(BATCH_DELTAS, 2);
                o.writeUInt32NoTag(deltaSize(c, seq));
                o.writeUInt64(DELTA_SEQ, seq);
                o.writeInt64(DELTA_TIME, c.timeMs());
                o.writeRawBytes(c.encoded());
            }
            o.checkNoSpaceLeft();
            return Buffer.buffer(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int deltaSize(Change c, long seq) {
        return CodedOutputStream.computeUInt64Size(DELTA_SEQ, seq) + CodedOutputStream.computeInt64Size(DELTA_TIME, c.timeMs())
                + c.encoded().length;
    }

    static Buffer error(long requestId, ErrorCode code, String message, String field) {
        Error.Builder e = Error.newBuilder().setCode(code).setMessage(message).setRequestId(requestId);
        if (field != null) {
            e.setField(field);
        }
        return Buffer.buffer(ServerMessage.newBuilder().setRequestId(requestId).setError(e).build().toByteArray());
    }

    static Buffer heartbeat(String epoch, long seq, long nowMs) {
        return Buffer.buffer(ServerMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setEpoch(epoch).setSeq(seq)
                .setServerTimeMs(nowMs)).build().toByteArray());
    }

    static Buffer of(ServerMessage m) {
        return Buffer.buffer(m.toByteArray());
    }
}
