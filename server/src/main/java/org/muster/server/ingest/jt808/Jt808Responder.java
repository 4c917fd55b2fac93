package org.muster.server.ingest.jt808;

import java.util.Objects;

/**
 * The platform's side of one terminal connection: numbers the platform's responses with its own message serial
 * (starting at 0, wrapping after 65535) and encodes them in the terminal's header version. The serial answered is
 * always the terminal's, taken from the request header.
 *
 * <p>Not thread-safe: one per connection, used from that connection's context.
 */
public final class Jt808Responder {
    private final Jt808Codec codec;
    private int nextSerial;

    public Jt808Responder(Jt808Codec codec) {
        this(codec, 0);
    }

    public Jt808Responder(Jt808Codec codec, int firstSerial) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (firstSerial < 0 || firstSerial > 0xFFFF) {
            throw new IllegalArgumentException("serial must be 0..65535: " + firstSerial);
        }
        this.nextSerial = firstSerial;
    }

    /** A general response (0x8001) to the message with this header. */
    public byte[] generalResponse(Jt808Header request, Jt808GeneralResult result) {
        return codec.encodeGeneralResponse(request, takeSerial(), result);
    }

    /** A registration response (0x8100); {@code authCode} is required on success and ignored otherwise. */
    public byte[] registrationResponse(Jt808Header request, Jt808RegistrationResult result, String authCode) {
        return codec.encodeRegistrationResponse(request, takeSerial(), result, authCode);
    }

    /** The serial the next response will carry. */
    public int nextSerial() {
        return nextSerial;
    }

    private int takeSerial() {
        int serial = nextSerial;
        nextSerial = (nextSerial + 1) & 0xFFFF;
        return serial;
    }
}
