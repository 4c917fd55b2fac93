package org.muster.server.ingest.jt808;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A decoded terminal message. Immutable. */
public sealed interface Jt808Message {

    Jt808Header header();

    /**
     * Terminal registration (0x0100), 2013 or 2019 layout. Strings are GBK with their 0x00 padding removed.
     *
     * @param provinceId     province part of the GB/T 2260 region code
     * @param cityId         city/county part of the GB/T 2260 region code
     * @param manufacturerId 5 bytes (2013) or 11 bytes (2019)
     * @param terminalModel  20 bytes (2013) or 30 bytes (2019)
     * @param terminalId     7 bytes (2013) or 30 bytes (2019)
     * @param plateColour    JT/T 415 colour code; 0 means unplated, and then {@code plate} is the VIN
     * @param plate          the licence plate (or VIN)
     */
    record Register(Jt808Header header, int provinceId, int cityId, String manufacturerId, String terminalModel,
                    String terminalId, int plateColour, String plate) implements Jt808Message {
    }

    /**
     * Terminal authentication (0x0102). In 2013 the whole body is the code; in 2019 the code is length-prefixed and
     * followed by the IMEI and the software version.
     *
     * @param authCode        the authentication code the platform issued at registration
     * @param imei            2019 only, else null
     * @param softwareVersion 2019 only, else null
     */
    record Authenticate(Jt808Header header, String authCode, String imei, String softwareVersion)
            implements Jt808Message {
    }

    /** Terminal heartbeat (0x0002). */
    record Heartbeat(Jt808Header header) implements Jt808Message {
    }

    /** Location report (0x0200). */
    record LocationReport(Jt808Header header, Jt808Location location) implements Jt808Message {
    }

    /**
     * Batch upload of stored locations (0x0704).
     *
     * @param type      0: a normal batch, 1: blind-area (recorded while out of coverage) supplement
     * @param locations the items, in order
     */
    record BatchLocationUpload(Jt808Header header, int type, List<Jt808Location> locations) implements Jt808Message {
        public BatchLocationUpload {
            locations = List.copyOf(locations);
        }

        public boolean blindArea() {
            return type == 1;
        }
    }

    /** Any other message id, or an encrypted or subpackaged message: header and raw body. */
    record Other(Jt808Header header, byte[] body) implements Jt808Message {
        public Other {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Other that && header.equals(that.header) && Arrays.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return 31 * header.hashCode() + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Other[header=" + header + ", body=" + HexFormat.of().formatHex(body) + "]";
        }
    }
}
