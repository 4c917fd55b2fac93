package org.muster.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.PositionSource;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.muster.server.live.Stages;
import org.muster.server.store.LocationHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where every device protocol delivers its fixes: a registered device's fixes are checked, written to the location
 * history (durably, before anything is acknowledged), and the newest one moves the team's live position forward
 * (at once, not after the commit: the acknowledgement waits for durability, the consoles do not).
 * Out-of-order, late and back-filled fixes all go to the history; the live position only moves forward in device time.
 * An unknown device is refused and counted.
 *
 * <p>Thread-safe; the returned future completes after the history committed.
 */
public final class PositionIngest {
    private static final Logger LOG = LoggerFactory.getLogger(PositionIngest.class);
    /** A fix more than this far in the future is refused: the device's clock is wrong. */
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** A fix older than this is refused: no one replays a year-old track into a live system. */
    static final Duration MAX_AGE = Duration.ofDays(366);

    private final LivePicture live;
    private final LocationHistory history;
    private final Clock clock;
    private final Counter unknownDevices;
    private final Map<PositionSource, Counter> accepted = new EnumMap<>(PositionSource.class);
    private final Map<PositionSource, Counter> duplicates = new EnumMap<>(PositionSource.class);
    private final Map<PositionSource, Counter> rejected = new EnumMap<>(PositionSource.class);
    private final Timer durable;

    public PositionIngest(LivePicture live, LocationHistory history, Clock clock, MeterRegistry metrics) {
        this.live = live;
        this.history = history;
        this.clock = clock;
        this.unknownDevices = Counter.builder("muster.ingest.unknown.devices").description("fixes refused: device not registered")
                .register(metrics);
        for (PositionSource s : PositionSource.values()) {
            if (s == PositionSource.UNRECOGNIZED) {
                continue;
            }
            String src = s.name().substring("POSITION_SOURCE_".length()).toLowerCase(java.util.Locale.ROOT);
            accepted.put(s, Counter.builder("muster.ingest.fixes").tag("source", src).tag("outcome", "accepted").register(metrics));
            duplicates.put(s, Counter.builder("muster.ingest.fixes").tag("source", src).tag("outcome", "duplicate").register(metrics));
            rejected.put(s, Counter.builder("muster.ingest.fixes").tag("source", src).tag("outcome", "rejected").register(metrics));
        }
        this.durable = Timer.builder("muster.ingest.durable").description("from receipt to commit in the location history")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** A fix with the device's sequence number (0 when the protocol has none). */
    public record Received(long seq, Fix fix) {
    }

    /**
     * @param durableSeq the highest sequence number of the batch: everything up to it is stored or was refused for good
     * @param reasons    why fixes were refused (at most a few)
     */
    public record Result(long durableSeq, int accepted, int duplicates, int rejected, List<String> reasons) {
    }

    /** The registered device, if it is one (counting it as unknown if it is not). */
    public java.util.Optional<Device> knownDevice(String deviceId) {
        java.util.Optional<Device> d = live.device(deviceId).filter(x -> !x.getDeleted());
        if (d.isEmpty()) {
            unknownDevices.increment();
        }
        return d;
    }

    /** The registered device, or UNKNOWN_DEVICE. */
    public Device device(String deviceId) {
        return live.device(deviceId).orElseThrow(() -> {
            unknownDevices.increment();
            return new Rejection(ErrorCode.ERROR_CODE_UNKNOWN_DEVICE, "device " + deviceId + " is not registered");
        });
    }

    public Future<Result> accept(String deviceId, List<Received> fixes, PositionSource source) {
        Device device;
        try {
            device = device(deviceId);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        return accept(device, fixes, source);
    }

    /** The same, for a device the caller has already read (e.g. from its owner, just after it was registered). */
    public Future<Result> accept(Device device, List<Received> fixes, PositionSource source) {
        String deviceId = device.getId();
        long now = clock.millis();
        long started = System.nanoTime();
        List<LocationHistory.StoredFix> valid = new ArrayList<>(fixes.size());
        List<String> reasons = new ArrayList<>();
        long maxSeq = 0;
        Received newest = null;
        for (Received r : fixes) {
            maxSeq = Math.max(maxSeq, r.seq());
            Fix f = r.fix();
            String why = f.timeMs() > now + MAX_FUTURE.toMillis() ? "time in the future"
                    : f.timeMs() < now - MAX_AGE.toMillis() ? "time more than a year ago" : null;
            if (why != null) {
                if (reasons.size() < 5) {
                    reasons.add("seq " + r.seq() + ": " + why);
                }
                continue;
            }
            valid.add(new LocationHistory.StoredFix(deviceId, r.seq(), f.timeMs(), device.getTeamId(), f.lon(), f.lat(),
                    f.accuracyM(), f.speedMps(), f.headingDeg(), f.altitudeM(), f.battery(), source.getNumber(), now));
            if (newest == null || f.timeMs() > newest.fix().timeMs()) {
                newest = r;
            }
        }
        int refused = fixes.size() - valid.size();
        rejected.get(source).increment(refused);
        long durableSeq = maxSeq;
        if (newest != null) {
            // The live position moves at once, in parallel with the durable write: consoles see a fix without waiting
            // for the commit, which only the device's acknowledgement waits for. Should the write fail, the device
            // was not acknowledged and sends the fix again; the history then gets it, the live picture already has it.
            advance(device.getTeamId(), position(deviceId, newest.fix(), source, now), device.getPrimary());
        }
        return history.append(valid).map(w -> {
            durable.record(Duration.ofNanos(System.nanoTime() - started));
            accepted.get(source).increment(w.inserted());
            duplicates.get(source).increment(w.duplicates());
            return new Result(durableSeq, w.inserted(), w.duplicates(), refused, reasons);
        });
    }

    /** A team's live-position update waiting behind the one in flight: only the newest matters. */
    private static final class Waiting {
        Position position;
        boolean primary;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Waiting> advancing = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Moves the team's live position forward, at most one update per team in flight: while one is on its way to the
     * key's owner, newer fixes replace each other and only the newest follows. The history already holds every fix;
     * this keeps a burst of fixes from queueing thousands of operations in front of dispatch.
     */
    private void advance(String teamId, Position p, boolean primary) {
        boolean[] start = {false};
        advancing.compute(key(teamId, primary), (k, w) -> {
            if (w == null) {
                start[0] = true;
                return new Waiting();
            }
            if (w.position == null || p.getTimeMs() >= w.position.getTimeMs()) {
                w.position = p;
                w.primary = primary;
            }
            return w;
        });
        if (start[0]) {
            send(teamId, p, primary);
        }
    }

    /** Primary and secondary devices' fixes are coalesced apart: the live picture treats them differently. */
    private static String key(String teamId, boolean primary) {
        return (primary ? "p:" : "s:") + teamId;
    }

    private void send(String teamId, Position p, boolean primary) {
        // The reply is handled where Hazelcast completes it (for a key this member owns, the partition thread that ran
        // it; see Stages): only the bookkeeping of the map below, no hand-over to another thread for every fix. A
        // newer fix that waited meanwhile (rare: a team moves about once a second) is sent from the context that sent
        // this one.
        io.vertx.core.Context from = io.vertx.core.Vertx.currentContext();
        live.advancePosition(teamId, p, primary).whenCompleteAsync((moved, failure) -> {
            if (failure != null) {
                LOG.warn("live position not advanced [team: {}]", teamId, failure);
            }
            Waiting[] next = {null};
            advancing.compute(key(teamId, primary), (k, w) -> {
                if (w == null || w.position == null) {
                    return null; // nothing newer: done
                }
                Waiting taken = new Waiting();
                taken.position = w.position;
                taken.primary = w.primary;
                next[0] = taken;
                return new Waiting(); // still in flight, with nothing waiting
            });
            if (next[0] != null) {
                Waiting n = next[0];
                if (from != null) {
                    from.runOnContext(v -> send(teamId, n.position, n.primary));
                } else {
                    send(teamId, n.position, n.primary);
                }
            }
        }, Stages.COMPLETING_THREAD);
    }

    public static Position position(String deviceId, Fix f, PositionSource source, long receivedMs) {
        Position.Builder p = Position.newBuilder()
                .setPoint(GeoPoint.newBuilder().setLon(f.lon()).setLat(f.lat()))
                .setTimeMs(f.timeMs()).setSource(source).setDeviceId(deviceId).setReceivedMs(receivedMs);
        if (f.accuracyM() != null) {
            p.setAccuracyM(f.accuracyM());
        }
        if (f.speedMps() != null) {
            p.setSpeedMps(f.speedMps());
        }
        if (f.headingDeg() != null) {
            p.setHeadingDeg(f.headingDeg());
        }
        if (f.altitudeM() != null) {
            p.setAltitudeM(f.altitudeM());
        }
        return p.build();
    }
}
