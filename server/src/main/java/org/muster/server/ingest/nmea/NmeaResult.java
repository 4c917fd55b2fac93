package org.muster.server.ingest.nmea;

import org.muster.server.ingest.Fix;

import java.util.List;

/**
 * What one NMEA text gave: the fixes in input order and what happened to the rest. Every non-blank line counts once
 * in {@code sentences} and at most once in one of the other counters; lines that merged into a fix count in none.
 *
 * @param fixes        one fix per valid epoch, in input order
 * @param sentences    non-blank lines
 * @param badChecksums sentences with a wrong, malformed or missing checksum (skipped)
 * @param ignored      well-formed sentences this decoder does not use: other types, other talkers, proprietary,
 *                     and a second RMC or GGA of an epoch (another talker's; the first one stands)
 * @param noFix        RMC with status V or mode N, GGA with quality 0, and GGA overruled by an invalid RMC
 * @param invalid      lines that are not NMEA sentences, are too long, or whose RMC/GGA fields cannot be read
 * @param undated      valid GGA-only epochs before any valid RMC gave a date (dropped)
 */
public record NmeaResult(List<Fix> fixes, int sentences, int badChecksums, int ignored, int noFix, int invalid,
                         int undated) {

    public NmeaResult {
        fixes = List.copyOf(fixes);
    }
}
