package org.muster.server.ingest.jt808;

/** A frame or message that is not valid JT/T 808: bad escaping, check code, length, or a body too short for its type. */
public final class Jt808DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public Jt808DecodeException(String message) {
        super(message);
    }
}
