package org.muster.server.ingest.jt808;

/** The result of the registration response (0x8100); only {@link #SUCCESS} carries an authentication code. */
public enum Jt808RegistrationResult {
    SUCCESS(0),
    VEHICLE_ALREADY_REGISTERED(1),
    NO_SUCH_VEHICLE(2),
    TERMINAL_ALREADY_REGISTERED(3),
    NO_SUCH_TERMINAL(4);

    private final int code;

    Jt808RegistrationResult(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }
}
