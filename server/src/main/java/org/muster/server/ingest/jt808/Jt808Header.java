package org.muster.server.ingest.jt808;

import java.util.Objects;

/**
 * The header of a JT/T 808 message. The body length is not part of it: it is the length of the body that goes with
 * it.
 *
 * @param messageId       message id, 0..0xFFFF
 * @param terminalPhone   the terminal's phone number as its BCD digits, leading zeros kept: 12 digits (2013 header)
 *                        or 20 digits (2019 header). This, not a number, identifies the terminal.
 * @param serial          the sender's message serial, 0..0xFFFF
 * @param versioned       whether the 2019 version flag is set (then {@code protocolVersion} follows in the header)
 * @param protocolVersion the 2019 protocol version byte, 0..255; 0 when not versioned
 * @param encryption      the three encryption bits (0: none, 1: RSA)
 * @param subpackage      total and index (from 1) of a subpackaged message; null when not subpackaged
 */
public record Jt808Header(int messageId, String terminalPhone, int serial, boolean versioned, int protocolVersion,
                          int encryption, Subpackage subpackage) {

    /** Digits of the terminal phone number in a 2013 header (6 BCD bytes) and a 2019 header (10 BCD bytes). */
    public static final int PHONE_DIGITS_2013 = 12;
    public static final int PHONE_DIGITS_2019 = 20;

    public Jt808Header {
        Objects.requireNonNull(terminalPhone, "terminalPhone");
        requireU16("messageId", messageId);
        requireU16("serial", serial);
        if (terminalPhone.length() != (versioned ? PHONE_DIGITS_2019 : PHONE_DIGITS_2013)
                || !terminalPhone.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("terminal phone must be " + (versioned ? PHONE_DIGITS_2019
                    : PHONE_DIGITS_2013) + " digits: " + terminalPhone);
        }
        if (protocolVersion < 0 || protocolVersion > 0xFF || (!versioned && protocolVersion != 0)) {
            throw new IllegalArgumentException("protocol version " + protocolVersion);
        }
        if (encryption < 0 || encryption > 7) {
            throw new IllegalArgumentException("encryption " + encryption);
        }
    }

    /** A 2011/2013 header, not encrypted, not subpackaged. */
    public static Jt808Header of2013(int messageId, String terminalPhone, int serial) {
        return new Jt808Header(messageId, terminalPhone, serial, false, 0, 0, null);
    }

    /** A 2019 header, not encrypted, not subpackaged. */
    public static Jt808Header of2019(int messageId, int protocolVersion, String terminalPhone, int serial) {
        return new Jt808Header(messageId, terminalPhone, serial, true, protocolVersion, 0, null);
    }

    /** The header of the platform's message to this terminal: same phone number and header version. */
    public Jt808Header reply(int replyMessageId, int replySerial) {
        return new Jt808Header(replyMessageId, terminalPhone, replySerial, versioned, protocolVersion, 0, null);
    }

    /**
     * Total and index of one package of a subpackaged message.
     *
     * @param total packages in the message, 0..0xFFFF
     * @param index this package, counted from 1, 0..0xFFFF
     */
    public record Subpackage(int total, int index) {
        public Subpackage {
            requireU16("total", total);
            requireU16("index", index);
        }
    }

    private static void requireU16(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535: " + value);
        }
    }
}
