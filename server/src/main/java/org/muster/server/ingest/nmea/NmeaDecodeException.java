package org.muster.server.ingest.nmea;

/**
 * An NMEA text that cannot be decoded as a whole (it exceeds a cap). Bad single sentences never throw: they are
 * counted in {@link NmeaResult}.
 */
public final class NmeaDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public NmeaDecodeException(String message) {
        super(message);
    }
}
