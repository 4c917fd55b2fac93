package org.muster.server.ingest.gpx;

/** A document that is not well-formed GPX, refuses a security rule (DTD), or exceeds a cap. */
public final class GpxDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public GpxDecodeException(String message) {
        super(message);
    }

    public GpxDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
