package org.muster.server.replay;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.muster.protocol.v1.ReplayMode;
import org.muster.protocol.v1.ReplayState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Changes the shared state of a consultation session on its key's owner, so that controls sent through different
 * members apply one at a time and every member sees the same sequence of states. Only the controller plays, pauses,
 * seeks, changes speed or hands control over. Returns "" when applied, or "CODE:reason" when refused.
 */
public final class ControlReplay implements EntryProcessor<String, ReplayState, String>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_PARTICIPANTS = 50;
    static final double MIN_SPEED = 0.25;
    static final double MAX_SPEED = 600;
    static final long IDLE_EXPIRY_MS = 2 * 3_600_000L;

    public enum Action { JOIN, LEAVE, PLAY, PAUSE, SEEK, SPEED, HAND_OVER }

    private Action action;
    private String participant;
    private double number;
    private String text;
    private long nowMs;

    public ControlReplay() {
        // for deserialization
    }

    ControlReplay(Action action, String participant, double number, String text, long nowMs) {
        this.action = action;
        this.participant = participant;
        this.number = number;
        this.text = text == null ? "" : text;
        this.nowMs = nowMs;
    }

    /** Where the session's playhead is at {@code nowMs}. */
    static long position(ReplayState s, long nowMs) {
        if (s.getMode() != ReplayMode.REPLAY_MODE_PLAYING) {
            return s.getPositionMs();
        }
        long p = s.getPositionMs() + (long) ((nowMs - s.getAnchorWallMs()) * s.getSpeed());
        return Math.min(s.getToMs(), Math.max(s.getFromMs(), p));
    }

    @Override
    public String process(Map.Entry<String, ReplayState> entry) {
        ReplayState s = entry.getValue();
        if (s == null) {
            return "NOT_FOUND:no such consultation session";
        }
        long pos = position(s, nowMs);
        ReplayState.Builder b = s.toBuilder().setVersion(s.getVersion() + 1).setExpiresMs(nowMs + IDLE_EXPIRY_MS);
        switch (action) {
            case JOIN -> {
                if (!s.getParticipantsList().contains(participant)) {
                    if (s.getParticipantsCount() >= MAX_PARTICIPANTS) {
                        return "TOO_MANY_SUBSCRIPTIONS:the session has " + MAX_PARTICIPANTS + " participants already";
                    }
                    b.addParticipants(participant);
                }
                if (s.getController().isEmpty()) {
                    b.setController(participant);
                }
            }
            case LEAVE -> {
                List<String> rest = new ArrayList<>(s.getParticipantsList());
                rest.remove(participant);
                b.clearParticipants().addAllParticipants(rest);
                if (participant.equals(s.getController())) {
                    b.setController(rest.isEmpty() ? "" : rest.get(0));
                }
            }
            default -> {
                if (!participant.equals(s.getController())) {
                    return "FORBIDDEN:only the controller (" + s.getController() + ") plays, pauses, seeks and hands over";
                }
                switch (action) {
                    case PLAY -> b.setPositionMs(pos >= s.getToMs() ? s.getFromMs() : pos).setAnchorWallMs(nowMs)
                            .setMode(ReplayMode.REPLAY_MODE_PLAYING);
                    case PAUSE -> b.setPositionMs(pos).setAnchorWallMs(nowMs).setMode(ReplayMode.REPLAY_MODE_PAUSED);
                    case SEEK -> b.setPositionMs(Math.min(s.getToMs(), Math.max(s.getFromMs(), (long) number))).setAnchorWallMs(nowMs);
                    case SPEED -> {
                        if (!(number >= MIN_SPEED && number <= MAX_SPEED)) {
                            return "VALIDATION_FAILED:speed must be from " + MIN_SPEED + " to " + MAX_SPEED;
                        }
                        b.setPositionMs(pos).setAnchorWallMs(nowMs).setSpeed(number);
                    }
                    case HAND_OVER -> {
                        if (!s.getParticipantsList().contains(text)) {
                            return "VALIDATION_FAILED:" + text + " is not a participant of the session";
                        }
                        b.setController(text);
                    }
                    default -> {
                        return "MALFORMED_REQUEST:unknown action";
                    }
                }
            }
        }
        // every change keeps an idle session alive for another two hours
        ((ExtendedMapEntry<String, ReplayState>) entry).setValue(b.build(), IDLE_EXPIRY_MS + 60_000, TimeUnit.MILLISECONDS);
        return "";
    }

    @Override
    public int getFactoryId() {
        return ReplaySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ReplaySerialization.CONTROL;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(action.ordinal());
        out.writeString(participant);
        out.writeDouble(number);
        out.writeString(text);
        out.writeLong(nowMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        action = Action.values()[in.readInt()];
        participant = in.readString();
        number = in.readDouble();
        text = in.readString();
        nowMs = in.readLong();
    }
}
