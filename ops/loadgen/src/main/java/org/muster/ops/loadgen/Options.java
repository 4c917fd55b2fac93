package org.muster.ops.loadgen;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line, parsed once. Every option has a default; an unknown option or a bad value stops the run with a
 * message naming the option.
 */
record Options(URI server, String token, String loginLink, String prefix,
               int devices, double fixesPerSecond, int batchSize, int deviceConnections, boolean deviceTokens,
               int osmandDevices, double osmandPerSecond, URI osmandUrl,
               int jt808Devices, double jt808PerSecond, String jt808Host, int jt808Port,
               int consoles, double[] bbox, int tiles, double consolesPerSecond,
               int statusChanges, int dispatches, double recommendationsPerSecond,
               int durationSeconds, int warmupSeconds, int drainSeconds, int eventLoops, double[] area, long seed,
               int serverPid, String cpuMatch, boolean skipSetup, boolean consoleDeflate,
               int consoleResumes, int consoleResumePauseMs) {

    static final Set<String> KNOWN = Set.of("server", "token", "login-link", "prefix", "devices", "rate", "batch",
            "device-connections", "device-tokens", "osmand-devices", "osmand-rate", "osmand-url", "jt808-devices",
            "jt808-rate", "jt808-host", "jt808-port", "consoles", "bbox", "tiles", "console-connect-rate", "status-changes",
            "dispatches", "recommendations-rate", "duration", "warmup", "drain", "event-loops", "area", "seed",
            "server-pid", "cpu-match", "skip-setup", "console-deflate", "console-resumes", "console-resume-pause-ms", "help");

    static final String USAGE = """
            java -jar muster-loadgen.jar [options]
              --server URL               Muster's HTTP base (http://localhost:8080)
              --token JWT | --login-link URL#login=CODE   an admin token, or a one-time sign-in link to exchange
              --prefix P                 id prefix of the teams and devices this run owns (lg)
              --devices N                /ws/device devices, one team each (1000)
              --rate R                   total fixes per second over /ws/device, paced (1000)
              --batch B                  fixes per PositionBatch (1; each batch moves its team once)
              --device-connections K     gateway connections with the admin token (4); ignored with --device-tokens
              --device-tokens            one connection per device with its own device token
              --osmand-devices N --osmand-rate R --osmand-url URL        OsmAnd HTTP devices (0)
              --jt808-devices N --jt808-rate R --jt808-host H --jt808-port P   JT/T 808 TCP terminals (0)
              --consoles C               /ws/console connections (10)
              --bbox minLon,minLat,maxLon,maxLat   subscribe to a box instead of everything
              --tiles G                  G x G tiles over --area: console i subscribes to tile i mod G², the teams
                                         are spread evenly over the tiles and each stays inside its own (0: off)
              --console-connect-rate N   console connections opened per second (50)
              --console-deflate          consoles offer permessage-deflate, as browsers do (off)
              --console-resumes N        during the window, N consoles (each a different one) drop their link and
                                         resume their stream: each must get exactly the deltas it missed (0)
              --console-resume-pause-ms P   how long a dropped console stays away before it resumes (1000)
              --status-changes M         team status changes over REST during the run (100)
              --dispatches D             dispatches (+ cancels) over REST during the run (20)
              --recommendations-rate Q   GET recommendations per second (0)
              --duration S               measured seconds (60)   --warmup S (5)
              --drain S                  at most this long after the devices stop, until every console has every change (30)
              --event-loops N            load generator event loops (2)
              --area minLon,minLat,maxLon,maxLat   where the teams live (102,28,106,32)
              --server-pid PID           report this process's CPU (and its children's)
              --cpu-match TEXT           also report the CPU of processes whose command line contains TEXT, and
                                         their children (the server's data directory finds its embedded PostgreSQL)
              --skip-setup               teams, devices and the incident exist from an earlier run with this prefix
            Exits 1 when a console lost a non-position event (or was closed, or a resume was answered with a
            snapshot), 2 on a usage error.""";

    static Options parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(name, flag ? "true" : args[++i]);
        }
        if (o.containsKey("help")) {
            throw new IllegalArgumentException("");
        }
        if (!o.containsKey("token") && !o.containsKey("login-link")) {
            throw new IllegalArgumentException("give --token or --login-link");
        }
        URI server = URI.create(o.getOrDefault("server", "http://localhost:8080"));
        double[] area = o.containsKey("area") ? box(o, "area") : new double[] {102, 28, 106, 32};
        int tiles = integer(o, "tiles", "0");
        if (tiles > 0 && o.containsKey("bbox")) {
            throw new IllegalArgumentException("give --bbox or --tiles, not both");
        }
        // a tile must hold its teams' circles with a margin on both sides, and some room to spread them
        if (tiles > 0 && Math.min(area[2] - area[0], area[3] - area[1]) / tiles < 4 * Fleet.MARGIN_DEG) {
            throw new IllegalArgumentException("--tiles " + tiles + ": a tile of --area would be narrower than "
                    + 4 * Fleet.MARGIN_DEG + " degrees");
        }
        if (integer(o, "console-resumes", "0") > integer(o, "consoles", "10")) {
            throw new IllegalArgumentException("--console-resumes: at most one resume per console (--consoles)");
        }
        return new Options(server, o.get("token"), o.get("login-link"), o.getOrDefault("prefix", "lg"),
                integer(o, "devices", "1000"), number(o, "rate", "1000"), integer(o, "batch", "1"),
                integer(o, "device-connections", "4"), o.containsKey("device-tokens"),
                integer(o, "osmand-devices", "0"), number(o, "osmand-rate", "10"),
                URI.create(o.getOrDefault("osmand-url", "http://" + server.getHost() + ":5055")),
                integer(o, "jt808-devices", "0"), number(o, "jt808-rate", "10"), o.getOrDefault("jt808-host", server.getHost()),
                integer(o, "jt808-port", "6808"),
                integer(o, "consoles", "10"), o.containsKey("bbox") ? box(o, "bbox") : null, tiles,
                number(o, "console-connect-rate", "50"),
                integer(o, "status-changes", "100"), integer(o, "dispatches", "20"), number(o, "recommendations-rate", "0"),
                integer(o, "duration", "60"), integer(o, "warmup", "5"), integer(o, "drain", "30"), integer(o, "event-loops", "2"),
                area,
                Long.parseLong(o.getOrDefault("seed", "7")), integer(o, "server-pid", "0"), o.get("cpu-match"),
                o.containsKey("skip-setup"), o.containsKey("console-deflate"),
                integer(o, "console-resumes", "0"), integer(o, "console-resume-pause-ms", "1000"));
    }

    private static int integer(Map<String, String> o, String name, String dflt) {
        try {
            int v = Integer.parseInt(o.getOrDefault(name, dflt));
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number >= 0");
        }
    }

    private static double number(Map<String, String> o, String name, String dflt) {
        try {
            double v = Double.parseDouble(o.getOrDefault(name, dflt));
            if (v < 0 || Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number >= 0");
        }
    }

    private static double[] box(Map<String, String> o, String name) {
        String[] p = o.get(name).split(",");
        if (p.length != 4) {
            throw new IllegalArgumentException("--" + name + " is minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            b[i] = Double.parseDouble(p[i].trim());
        }
        if (b[0] >= b[2] || b[1] >= b[3]) {
            throw new IllegalArgumentException("--" + name + ": min must be below max");
        }
        return b;
    }

    /** The consoles' tiles, or null when they subscribe to everything or to --bbox. */
    Tiles tileGrid() {
        return tiles == 0 ? null : new Tiles(tiles, area);
    }

    boolean inBox(double lon, double lat) {
        return bbox == null || (lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]);
    }
}
