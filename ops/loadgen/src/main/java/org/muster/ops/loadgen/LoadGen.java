package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The composition root and the run: get a token, register the fleet, connect the consoles and wait for their
 * snapshots, start the devices, warm up, measure for {@code --duration} seconds while dispatchers' operations run,
 * stop the devices, let the last deltas drain, then check every console against what the server accepted and print
 * the summary (Markdown). Exit 1 when a console lost a non-position event, had a seq gap or was closed, or (with
 * tiles) saw a change of another tile.
 *
 * <p>Usage: see {@link Options#USAGE} or {@code --help}.
 */
public final class LoadGen {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGen.class);

    private LoadGen() {
    }

    /** Measures how late a 10 ms timer fires on one event loop: the load generator's own saturation. */
    static final class LagProbe extends VerticleBase {
        final Stats stats = new Stats();
        private final Window window;
        private long expected;

        LagProbe(Window window) {
            this.window = window;
        }

        @Override
        public Future<?> start() {
            expected = System.nanoTime() + 10_000_000;
            vertx.setPeriodic(10, t -> {
                long now = System.nanoTime();
                if (window.contains(System.currentTimeMillis())) {
                    stats.recordMicros("load generator event-loop lag", Math.max(0, now - expected) / 1000);
                }
                expected = now + 10_000_000;
            });
            return Future.succeededFuture();
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("loadgen: " + e.getMessage());
            }
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, o.eventLoops())));
        int code;
        try {
            code = run(vertx, o);
        } catch (Exception e) {
            LOG.error("load generator stopped: {}", e.toString());
            code = 3;
        }
        vertx.close().await(30, TimeUnit.SECONDS);
        System.exit(code);
    }

    private static int run(Vertx vertx, Options o) throws Exception {
        MusterApi api = new MusterApi(vertx, o.server(), 64);
        api.awaitReady(180_000).await(200, TimeUnit.SECONDS);
        api.useToken(o.token() != null ? o.token() : api.exchange(o.loginLink()).await(30, TimeUnit.SECONDS));
        if (o.token() == null) {
            System.out.println("signed in; reuse this admin token with --token: " + api.token());
        }
        Tiles tiles = o.tileGrid();
        Fleet fleet = new Fleet(o.prefix(), o.devices(), o.osmandDevices(), o.jt808Devices(), o.area(), o.bbox(), tiles, o.seed());
        if (!o.skipSetup()) {
            fleet.register(api).await(30, TimeUnit.MINUTES);
        }
        String[] deviceTokens = o.deviceTokens() ? fleet.deviceTokens(api).await(30, TimeUnit.MINUTES) : null;
        Window window = new Window();
        int loops = Math.max(1, o.eventLoops());

        // consoles first: their snapshots must be in before anything is measured
        List<Consoles> consoleGroups = new ArrayList<>();
        int firstConsole = 0;
        for (int g = 0; g < loops; g++) {
            int n = o.consoles() / loops + (g < o.consoles() % loops ? 1 : 0);
            int resumes = o.consoleResumes() / loops + (g < o.consoleResumes() % loops ? 1 : 0);
            Consoles c = new Consoles(o.server(), api.token(), firstConsole, n, o.consolesPerSecond() / loops, o.bbox(), tiles,
                    fleet, window, o.consoleDeflate(), resumes, o.consoleResumePauseMs());
            firstConsole += n;
            consoleGroups.add(c);
            vertx.deployVerticle(c).await(30, TimeUnit.SECONDS);
        }
        long connectBudget = (long) (o.consoles() / Math.max(1, o.consolesPerSecond()) * 1000) + 120_000;
        Future.join(consoleGroups.stream().map(Consoles::ready).toList()).await(connectBudget, TimeUnit.MILLISECONDS);
        LOG.info("consoles subscribed [count: {}]", o.consoles());

        // the dispatchers learn their teams' status while the server is still quiet
        Operations ops = new Operations(api, fleet, o, window);
        ops.prepare().await(5, TimeUnit.MINUTES);

        List<DeviceStreams> streams = new ArrayList<>();
        for (int g = 0; g < loops && o.devices() > 0; g++) {
            List<Integer> mine = new ArrayList<>();
            for (int i = g; i < o.devices(); i += loops) {
                mine.add(i);
            }
            if (mine.isEmpty()) {
                continue;
            }
            int[] idx = mine.stream().mapToInt(Integer::intValue).toArray();
            String[] tokens = null;
            if (deviceTokens != null) {
                tokens = new String[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    tokens[k] = deviceTokens[idx[k]];
                }
            }
            int links = o.deviceConnections() / loops + (g < o.deviceConnections() % loops ? 1 : 0);
            DeviceStreams s = new DeviceStreams(o.server(), fleet, idx, o.fixesPerSecond() * idx.length / o.devices(),
                    o.batchSize(), Math.max(1, links), api.token(), tokens, window);
            streams.add(s);
            vertx.deployVerticle(s).await(5, TimeUnit.MINUTES);
        }
        OsmAndDevices osmand = null;
        if (o.osmandDevices() > 0) {
            osmand = new OsmAndDevices(o.osmandUrl(), fleet, o.devices(), o.osmandDevices(), o.osmandPerSecond(), window);
            vertx.deployVerticle(osmand).await(30, TimeUnit.SECONDS);
        }
        Jt808Terminals jt808 = null;
        if (o.jt808Devices() > 0) {
            jt808 = new Jt808Terminals(o.jt808Host(), o.jt808Port(), fleet, o.devices() + o.osmandDevices(), o.jt808Devices(),
                    o.jt808PerSecond(), window);
            vertx.deployVerticle(jt808).await(30, TimeUnit.SECONDS);
        }
        List<LagProbe> probes = new ArrayList<>();
        for (int g = 0; g < loops; g++) {
            LagProbe p = new LagProbe(window);
            probes.add(p);
            vertx.deployVerticle(p).await(30, TimeUnit.SECONDS);
        }
        LOG.info("devices sending; warming up [seconds: {}]", o.warmupSeconds());
        Thread.sleep(o.warmupSeconds() * 1000L);

        String loadBefore = ProcessCpu.loadAverage();
        long self = ProcessHandle.current().pid();
        double serverCpu0 = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid(), false) : 0;
        double serverTreeCpu0 = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid(), true) : 0;
        double selfCpu0 = ProcessCpu.seconds(self, false);
        double matchedCpu0 = ProcessCpu.secondsMatching(o.cpuMatch());
        window.open(System.currentTimeMillis(), o.durationSeconds() * 1000L);
        vertx.deployVerticle(ops).await(30, TimeUnit.SECONDS);
        LOG.info("measuring [seconds: {}]", o.durationSeconds());
        Thread.sleep(o.durationSeconds() * 1000L);
        double serverCpu = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid(), false) - serverCpu0 : Double.NaN;
        double serverTreeCpu = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid(), true) - serverTreeCpu0 : Double.NaN;
        double selfCpu = ProcessCpu.seconds(self, false) - selfCpu0;
        double matchedCpu = ProcessCpu.secondsMatching(o.cpuMatch()) - matchedCpu0;
        String loadAfter = ProcessCpu.loadAverage();

        for (DeviceStreams s : streams) {
            vertx.undeploy(s.deploymentID()).await(30, TimeUnit.SECONDS);
        }
        if (osmand != null) {
            vertx.undeploy(osmand.deploymentID()).await(30, TimeUnit.SECONDS);
        }
        if (jt808 != null) {
            vertx.undeploy(jt808.deploymentID()).await(30, TimeUnit.SECONDS);
        }
        // drain: until every REST change has been answered (the last cancels come two seconds after their dispatch)
        // and every console has every accepted change, or --drain seconds at most
        long drainUntil = System.currentTimeMillis() + o.drainSeconds() * 1000L;
        long drainStarted = System.currentTimeMillis();
        while (System.currentTimeMillis() < drainUntil) {
            Map<String, Integer> accepted = ops.expectedNow().await(30, TimeUnit.SECONDS);
            if (accepted == null) {
                Thread.sleep(500);
                continue;
            }
            long unseen = 0;
            for (Consoles c : consoleGroups) {
                unseen += c.unseen(accepted).await(30, TimeUnit.SECONDS);
            }
            if (unseen == 0 && System.currentTimeMillis() - drainStarted >= 2000) {
                break;
            }
            Thread.sleep(1000);
        }
        LOG.info("drained [seconds: {}]", (System.currentTimeMillis() - drainStarted) / 1000);
        vertx.undeploy(ops.deploymentID()).await(30, TimeUnit.SECONDS);
        for (Consoles c : consoleGroups) {
            vertx.undeploy(c.deploymentID()).await(60, TimeUnit.SECONDS);
        }
        for (LagProbe p : probes) {
            vertx.undeploy(p.deploymentID()).await(30, TimeUnit.SECONDS);
        }

        Stats all = new Stats();
        streams.forEach(s -> all.addAll(s.stats));
        consoleGroups.forEach(c -> all.addAll(c.stats));
        probes.forEach(p -> all.addAll(p.stats));
        all.addAll(ops.stats);
        if (osmand != null) {
            all.addAll(osmand.stats);
        }
        if (jt808 != null) {
            all.addAll(jt808.stats);
        }
        return report(o, window, all, consoleGroups, ops, serverCpu, serverTreeCpu, matchedCpu, selfCpu, loadBefore,
                loadAfter);
    }

    private static int report(Options o, Window w, Stats all, List<Consoles> groups, Operations ops, double serverCpu,
                              double serverTreeCpu, double matchedCpu, double selfCpu, String loadBefore,
                              String loadAfter) {
        double secs = w.seconds();
        Map<String, Integer> expected = ops.expected;
        Tiles tiles = o.tileGrid();
        StringBuilder out = new StringBuilder();
        String watch = tiles != null ? "tiles " + tiles.side() + "x" + tiles.side() : o.bbox() == null ? "everything" : "bbox";
        out.append(String.format(Locale.ROOT, "%n### %d consoles (%s), %s fixes/s over /ws/device (%d devices, batch %d, %s)%n%n",
                o.consoles(), watch, fmt(o.fixesPerSecond()), o.devices(), o.batchSize(),
                o.deviceTokens() ? "a connection and token per device" : o.deviceConnections() + " gateway connections"));
        out.append(String.format(Locale.ROOT, "measured %.1f s from %s (second 0 below); load average before %s, after %s%n%n", secs,
                java.time.Instant.ofEpochMilli(w.startMs()), loadBefore, loadAfter));

        out.append("| throughput | per second |\n|---|---:|\n");
        row(out, "fixes sent (/ws/device)", all.counter("device.fixes.sent") / secs);
        row(out, "fixes acknowledged durable (accepted + duplicates)",
                (all.counter("device.fixes.accepted") + all.counter("device.fixes.duplicates")) / secs);
        if (o.osmandDevices() > 0) {
            row(out, "OsmAnd fixes sent / accepted", all.counter("osmand.fixes.sent") / secs);
            row(out, "OsmAnd fixes accepted", all.counter("osmand.fixes.accepted") / secs);
        }
        if (o.jt808Devices() > 0) {
            row(out, "JT/T 808 fixes sent", all.counter("jt808.fixes.sent") / secs);
            row(out, "JT/T 808 fixes acknowledged", all.counter("jt808.fixes.acknowledged") / secs);
        }
        row(out, "position deltas decoded, all consoles", all.counter("console.moves") / secs);
        int connected = 0;
        long bytes = 0;
        long frames = 0;
        long minBytes = Long.MAX_VALUE;
        long maxBytes = 0;
        int closed = 0;
        long gaps = 0;
        int missingConsoles = 0;
        long missing = 0;
        int outsideConsoles = 0;
        long outside = 0;
        long movesOutside = 0;
        long expectedPairs = 0;
        long minMoves = Long.MAX_VALUE;
        long maxMoves = 0;
        List<String> closeReasons = new ArrayList<>();
        for (Consoles g : groups) {
            for (Consoles.Console c : g.consoles) {
                minMoves = Math.min(minMoves, c.movesInWindow);
                maxMoves = Math.max(maxMoves, c.movesInWindow);
                movesOutside += c.movesOutsideTile;
                if (c.snapshot) {
                    connected++;
                }
                bytes += c.bytesInWindow;
                frames += c.framesInWindow;
                minBytes = Math.min(minBytes, c.bytesInWindow);
                maxBytes = Math.max(maxBytes, c.bytesInWindow);
                if (c.closed) {
                    closed++;
                    if (closeReasons.size() < 5) {
                        closeReasons.add(c.closeReason);
                    }
                }
                gaps += c.gaps;
                long m = 0;
                for (Map.Entry<String, Integer> e : expected.entrySet()) {
                    if (c.expects(e.getValue())) {
                        expectedPairs++;
                        if (!c.seen.contains(e.getKey())) {
                            m++;
                        }
                    }
                }
                if (m > 0) {
                    missingConsoles++;
                    missing += m;
                }
                if (tiles != null) {
                    // every change of this run's teams and incidents lies in one tile: seen anywhere else is a bug
                    long x = c.seen.stream().filter(k -> {
                        int t = ops.tileOf(k);
                        return t >= 0 && t != c.tile;
                    }).count();
                    if (x > 0) {
                        outsideConsoles++;
                        outside += x;
                        if (outsideConsoles <= 3) {
                            LOG.warn("console saw another tile's changes [console: {}, tile: {}, first: {}]", c.index, c.tile,
                                    c.seen.stream().filter(k -> ops.tileOf(k) >= 0 && ops.tileOf(k) != c.tile).findFirst().orElse(""));
                        }
                    }
                }
            }
        }
        int n = Math.max(1, o.consoles());
        row(out, "position deltas decoded per console (mean)", all.counter("console.moves") / secs / n);
        if (o.consoles() > 0) {
            row(out, "position deltas decoded per console (min)", minMoves / secs);
            row(out, "position deltas decoded per console (max)", maxMoves / secs);
        }
        if (tiles != null) {
            // each PositionBatch moves its team once, each OsmAnd / JT/T 808 fix once; a tile holds 1/G² of the teams
            row(out, "position deltas per console if none coalesce ((rate / batch + OsmAnd + JT/T 808 rates) / G²)",
                    (o.fixesPerSecond() / Math.max(1, o.batchSize()) + (o.osmandDevices() > 0 ? o.osmandPerSecond() : 0)
                            + (o.jt808Devices() > 0 ? o.jt808PerSecond() : 0)) / tiles.count());
        }
        row(out, "bytes per console (mean)", bytes / secs / n);
        if (o.consoles() > 0) {
            row(out, "bytes per console (min)", minBytes / secs);
            row(out, "bytes per console (max)", maxBytes / secs);
        }
        row(out, "frames per console (mean)", frames / secs / n);
        row(out, "bytes, all consoles", bytes / secs);
        out.append(String.format(Locale.ROOT, "%n| cpu over the window | cores |%n|---|---:|%n"));
        if (o.serverPid() > 0) {
            row(out, "server JVM", serverCpu / secs);
            row(out, "server JVM and its child processes", serverTreeCpu / secs);
        }
        if (o.cpuMatch() != null) {
            row(out, "processes matching --cpu-match (embedded PostgreSQL)", matchedCpu / secs);
        }
        row(out, "load generator", selfCpu / secs);

        out.append("\n| latency (ms) | count | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Histogram> e : all.histograms().entrySet()) {
            Histogram h = e.getValue();
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", e.getKey(), h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue())));
        }

        lateSeconds(out, all);

        out.append(String.format(Locale.ROOT, "%n| consoles and events | |%n|---|---:|%n"));
        out.append(String.format(Locale.ROOT, "| consoles subscribed (snapshot received) | %d of %d |%n", connected, o.consoles()));
        out.append(String.format(Locale.ROOT, "| consoles closed by the server or never connected | %d |%n", closed));
        out.append(String.format(Locale.ROOT, "| non-position events the server accepted (REST) | %d |%n", expected.size()));
        out.append(String.format(Locale.ROOT, "| (console, event) pairs expected | %d |%n", expectedPairs));
        out.append(String.format(Locale.ROOT, "| consoles that missed at least one of them | %d |%n", missingConsoles));
        out.append(String.format(Locale.ROOT, "| events missed, summed over consoles | %d |%n", missing));
        if (tiles != null) {
            out.append(String.format(Locale.ROOT, "| consoles that saw another tile's non-position events | %d |%n", outsideConsoles));
            out.append(String.format(Locale.ROOT, "| another tile's non-position events seen, summed over consoles | %d |%n", outside));
            out.append(String.format(Locale.ROOT, "| another tile's moves seen, summed over consoles | %d |%n", movesOutside));
        }
        out.append(String.format(Locale.ROOT, "| seq gaps (deltas and heartbeats) | %d |%n", gaps));
        all.counters().forEach((k, v) -> {
            if (k.startsWith("console.") && !k.equals("console.moves") && !k.equals("console.events") || k.contains("error") || k.contains("failed") || k.contains("closed") || k.contains("skipped")
                    || k.contains("backpressured") || k.contains("unconnected") || k.contains("refused")
                    || k.contains("unanswered") || k.contains("rejected") || k.contains("no.free") || k.contains("snapshots.again")
                    || k.contains("epoch")) {
                out.append(String.format(Locale.ROOT, "| %s | %d |%n", k, v));
            }
        });
        // every resume started must have been answered with exactly the deltas its console missed
        long resumesOff = all.counter("console.resumes.started") - all.counter("console.resumes.exact");
        if (o.consoleResumes() > 0) {
            out.append(String.format(Locale.ROOT, "| resumes: asked / started / exact (the missed deltas, same epoch) | %d / %d / %d |%n",
                    o.consoleResumes(), all.counter("console.resumes.started"), all.counter("console.resumes.exact")));
        }
        if (!closeReasons.isEmpty()) {
            out.append("\nclose reasons (first few): ").append(String.join("; ", closeReasons)).append('\n');
        }
        System.out.println(out);
        boolean lost = missing > 0 || gaps > 0 || closed > 0 || connected < o.consoles() || resumesOff != 0;
        if (lost) {
            System.out.println("LOST: a console missed non-position events, saw a gap, was closed, or resumed other than exactly");
        }
        boolean leaked = outside > 0 || movesOutside > 0;
        if (leaked) {
            System.out.println("LEAKED: a console saw changes of a tile it does not watch");
        }
        return lost || leaked ? 1 : 0;
    }

    /**
     * When the tail happened: the seconds of the window in which more than 1 % of the moves were decoded over
     * {@link Consoles#LATE_MS} after the server accepted them, the worst first (at most 15), so that a tail can be
     * laid beside a GC log, a checkpoint or a resume.
     */
    private static void lateSeconds(StringBuilder out, Stats all) {
        long[] t = all.perSecond().get(Consoles.LATE_MOVES);
        if (t == null) {
            return;
        }
        List<int[]> late = new ArrayList<>();
        int seconds = 0;
        for (int i = 0; i < t.length / 2; i++) {
            if (t[2 * i] > 0) {
                seconds++;
                if (t[2 * i + 1] * 100 > t[2 * i]) {
                    late.add(new int[] {i, (int) (t[2 * i + 1] * 1000 / t[2 * i])});
                }
            }
        }
        late.sort((x, y) -> Integer.compare(y[1], x[1]));
        out.append(String.format(Locale.ROOT, "%nseconds of the window with over 1 %% of moves later than %d ms (accept -> decode): %d of %d",
                Consoles.LATE_MS, late.size(), seconds));
        if (!late.isEmpty()) {
            out.append("; worst (second: % late):");
            for (int[] l : late.subList(0, Math.min(15, late.size()))) {
                out.append(String.format(Locale.ROOT, " %d: %.1f", l[0], l[1] / 10.0));
            }
        }
        out.append('\n');
    }

    private static void row(StringBuilder out, String what, double v) {
        out.append(String.format(Locale.ROOT, "| %s | %s |%n", what, fmt(v)));
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
