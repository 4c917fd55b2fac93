package org.muster.server.events;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Identifiers made by the server: a prefix, then 48 bits of milliseconds and 32 random bits in Crockford base32, so
 * that ids sort by creation time and never collide in practice across members. Thread-safe.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix, Clock clock) {
        long time = clock.millis() & 0xFFFF_FFFF_FFFFL;
        long rnd = RANDOM.nextInt() & 0xFFFF_FFFFL;
        char[] out = new char[16];
        // 80 bits = time (48) then random (32), written as 16 base32 digits, most significant first
        for (int i = 15; i >= 0; i--) {
            int bitPos = (15 - i) * 5;
            int digit;
            if (bitPos + 5 <= 32) {
                digit = (int) ((rnd >>> bitPos) & 31);
            } else if (bitPos < 32) {
                int low = 32 - bitPos;
                digit = (int) (((rnd >>> bitPos) | (time << low)) & 31);
            } else {
                digit = (int) ((time >>> (bitPos - 32)) & 31);
            }
            out[i] = ALPHABET[digit];
        }
        return prefix + "_" + new String(out);
    }
}
