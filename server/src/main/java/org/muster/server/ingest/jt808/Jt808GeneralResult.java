package org.muster.server.ingest.jt808;

/** The result of the platform's general response (0x8001). */
public enum Jt808GeneralResult {
    SUCCESS(0),
    FAILURE(1),
    MESSAGE_ERROR(2),
    UNSUPPORTED(3),
    ALARM_ACKNOWLEDGED(4);

    private final int code;

    Jt808GeneralResult(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }
}
