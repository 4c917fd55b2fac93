package org.muster.server.ingest.jt808;

import org.muster.server.ingest.Fix;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The body of a location report (0x0200), also one item of a batch upload (0x0704), with its fields as sent.
 *
 * @param alarmFlags            the alarm bits (u32); bit 0 is the emergency (SOS) alarm
 * @param statusFlags           the status bits (u32); bit 0 ACC on, bit 1 positioned, bit 2 south, bit 3 west
 * @param latitudeMicrodegrees  latitude in 1e-6 degrees, unsigned as sent (the hemisphere is in the status bits)
 * @param longitudeMicrodegrees longitude in 1e-6 degrees, unsigned as sent
 * @param altitudeM             altitude in metres (the u16 read as signed)
 * @param speedDecikmh          speed in 0.1 km/h
 * @param directionDeg          direction in degrees clockwise from north, 0..359
 * @param timeMs                the BCD time (UTC+8) as epoch ms UTC; null when it is not a valid date and time
 * @param odometerM             mileage item 0x01 (0.1 km) in metres; null when absent
 * @param additional            the additional information items other than mileage, in order
 */
public record Jt808Location(long alarmFlags, long statusFlags, long latitudeMicrodegrees, long longitudeMicrodegrees,
                            int altitudeM, int speedDecikmh, int directionDeg, Long timeMs, Long odometerM,
                            List<AdditionalItem> additional) {

    public Jt808Location {
        additional = List.copyOf(additional);
    }

    public boolean emergencyAlarm() {
        return (alarmFlags & 0x1) != 0;
    }

    public boolean accOn() {
        return (statusFlags & 0x1) != 0;
    }

    public boolean positioned() {
        return (statusFlags & 0x2) != 0;
    }

    public boolean south() {
        return (statusFlags & 0x4) != 0;
    }

    public boolean west() {
        return (statusFlags & 0x8) != 0;
    }

    /** Signed latitude in degrees (south negative); may be outside -90..90 if the terminal sent nonsense. */
    public double latitude() {
        return (south() ? -latitudeMicrodegrees : latitudeMicrodegrees) / 1e6;
    }

    /** Signed longitude in degrees (west negative); may be outside -180..180 if the terminal sent nonsense. */
    public double longitude() {
        return (west() ? -longitudeMicrodegrees : longitudeMicrodegrees) / 1e6;
    }

    /**
     * The fix this report gives: empty when it is not positioned, has no valid time, or its coordinates are out of
     * range. Direction above 360 is left out; speed becomes m/s.
     */
    public Optional<Fix> fix() {
        double lat = latitude();
        double lon = longitude();
        if (!positioned() || timeMs == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            return Optional.empty();
        }
        return Optional.of(new Fix(timeMs, lon, lat, null, speedDecikmh / 36f,
                directionDeg <= 360 ? (float) directionDeg : null, (float) altitudeM, null));
    }

    /**
     * An additional information item as sent (id u8, value of length u8).
     *
     * @param id    the item id
     * @param value the value bytes (a copy)
     */
    public record AdditionalItem(int id, byte[] value) {
        public AdditionalItem {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof AdditionalItem that && id == that.id && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "AdditionalItem[id=0x" + Integer.toHexString(id) + ", value=" + HexFormat.of()
                    .formatHex(value) + "]";
        }
    }
}
