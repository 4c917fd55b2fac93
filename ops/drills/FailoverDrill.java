import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.Delta;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.Ping;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Subscribe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load of the failover drill (ops/drills/failover.sh), run as a single-file program on the load generator's
 * classpath (Vert.x and the muster.v1 Protobuf classes): {@code java -cp muster-loadgen.jar FailoverDrill.java ...}.
 *
 * <p>It spreads devices (gateway links over /ws/device), consoles (/ws/console, subscribe everything) and REST
 * writers over the members, and moves each of them to the next member when its member fails. It records, with
 * wall-clock times, everything needed to judge the drill afterwards:
 * <ul>
 *   <li>{@code writes.jsonl}: every REST write attempt (member, start, end, HTTP status, id, version);</li>
 *   <li>{@code events.log}: links and consoles closing, connecting, first ack and snapshot per member;</li>
 *   <li>{@code acked-<label>.txt} on the command {@code dump <label>}: every (device, seq) acknowledged durable so
 *       far, as ranges;</li>
 *   <li>{@code seconds.log}: per second, fixes acked and writes succeeded/failed.</li>
 * </ul>
 * Commands on standard input, one a line: {@code dump <label>}, {@code probe on}, {@code probe off}, {@code stop}.
 * Devices and writers share one event loop, so their state needs no locks; the consoles run on a verticle of their
 * own and touch only their own state.
 *
 * <p>For the network split (ops/drills/split.sh) two options: {@code --follow-ready true} polls every member's
 * {@code /health/ready} (every 250 ms, logged in events.log when it changes) and, like a load balancer with health
 * checks, moves links, consoles and writers off a member that is not ready and connects only to ready ones;
 * {@code --probe-member M} adds a probe writer pinned to member M (0-based), writing only between {@code probe on}
 * and {@code probe off}, whatever the member's readiness: it shows whether that member refuses writes. Its writes
 * (team {@code <prefix>-T<devices>}, incidents {@code <prefix>-W<writers>-...}) are logged like the others with
 * {@code "probe": true}, and count as acknowledged when answered 2xx.
 */
public final class FailoverDrill {
    static String[] members;
    static String token;
    static Path out;
    static String prefix = "dr";
    static int devices = 200;
    static double rate = 1000;
    static int links = 12;
    static int batch = 1;            // fixes per PositionBatch
    static int consoles = 20;
    static int writers = 6;
    static long writeIntervalMs = 200;
    static int tracked = 50;         // teams 0..tracked-1 are dispatched to the tracking incident (REST track check)
    static boolean followReady;      // move clients off members whose /health/ready is not 200
    static int probeMember = -1;     // a writer pinned to this member, on between "probe on" and "probe off"
    static volatile boolean probing;
    static java.util.concurrent.atomic.AtomicIntegerArray ready;  // per member: 1 ready (or not followed), 0 not
    static final List<Console> allConsoles = java.util.Collections.synchronizedList(new ArrayList<>());

    static Vertx vertx;
    static WebClient[] http;
    static WebSocketClient wsClient;
    static PrintWriter events;
    static PrintWriter writes;
    static PrintWriter seconds;
    static volatile boolean stopping;

    // devices
    static long[] seq;
    static BitSet[] acked;
    static final Map<Long, long[]> inFlight = new HashMap<>(); // request id -> {device, first seq, link, sent nanos, last seq}
    static long requestIds;
    static Link[] linkState;
    static long secAcked, secWriteOk, secWriteFail, secDeviceErrors, secAckCount, secAckMicros, secAckMaxMicros;

    static final class Link {
        int index;
        int member;
        WebSocket ws;
        boolean connecting;
        boolean ackedSinceConnect;
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--members" -> members = v.split(",");
                case "--token" -> token = v;
                case "--out" -> out = Path.of(v);
                case "--prefix" -> prefix = v;
                case "--devices" -> devices = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--links" -> links = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--consoles" -> consoles = Integer.parseInt(v);
                case "--writers" -> writers = Integer.parseInt(v);
                case "--write-interval-ms" -> writeIntervalMs = Long.parseLong(v);
                case "--tracked" -> tracked = Integer.parseInt(v);
                case "--follow-ready" -> followReady = Boolean.parseBoolean(v);
                case "--probe-member" -> probeMember = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(out);
        events = new PrintWriter(Files.newBufferedWriter(out.resolve("events.log")), true);
        writes = new PrintWriter(Files.newBufferedWriter(out.resolve("writes.jsonl")), true);
        seconds = new PrintWriter(Files.newBufferedWriter(out.resolve("seconds.log")), true);
        vertx = Vertx.vertx();
        ready = new java.util.concurrent.atomic.AtomicIntegerArray(members.length);
        for (int m = 0; m < members.length; m++) {
            ready.set(m, 1);
        }
        http = new WebClient[members.length];
        for (int m = 0; m < members.length; m++) {
            java.net.URI u = java.net.URI.create(members[m]);
            http[m] = WebClient.create(vertx, new WebClientOptions().setDefaultHost(u.getHost()).setDefaultPort(u.getPort())
                    .setKeepAlive(true).setConnectTimeout(2000).setIdleTimeout(30), new PoolOptions().setHttp1MaxSize(16));
        }
        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(links + consoles + 16)
                .setConnectTimeout(3000).setMaxFrameSize(1 << 20).setMaxMessageSize(256 << 20));

        CountDownLatch setup = new CountDownLatch(1);
        Throwable[] failed = {null};
        vertx.runOnContext(x -> setup().onComplete(ar -> {
            failed[0] = ar.cause();
            setup.countDown();
        }));
        if (!setup.await(10, TimeUnit.MINUTES) || failed[0] != null) {
            System.err.println("setup failed: " + failed[0]);
            System.exit(3);
        }
        log("setup done");
        System.out.println("READY");
        System.out.flush();
        vertx.runOnContext(x -> startLoad());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.startsWith("dump ")) {
                String label = line.substring(5).trim();
                CountDownLatch done = new CountDownLatch(1);
                vertx.runOnContext(x -> {
                    try {
                        dump(label);
                    } catch (IOException e) {
                        System.err.println("dump failed: " + e);
                    }
                    done.countDown();
                });
                done.await();
                System.out.println("DUMPED " + label);
                System.out.flush();
            } else if (line.equals("probe on") || line.equals("probe off")) {
                probing = line.equals("probe on");
                log("probe " + (probing ? "on" : "off"));
            } else if (line.equals("stop")) {
                break;
            }
        }
        stopping = true;
        CountDownLatch done = new CountDownLatch(1);
        vertx.runOnContext(x -> {
            try {
                dump("final");
            } catch (IOException e) {
                System.err.println("dump failed: " + e);
            }
            done.countDown();
        });
        done.await();
        Thread.sleep(500);
        events.close();
        writes.close();
        seconds.close();
        System.out.println("STOPPED");
        System.out.flush();
        vertx.close().await();
        System.exit(0);
    }

    static void log(String what) {
        events.println(System.currentTimeMillis() + " " + what);
    }

    // ---------------------------------------------------------------- setup

    static String teamId(int i) {
        return prefix + "-T" + i;
    }

    static String deviceId(int i) {
        return prefix + "-D" + i;
    }

    static double[] home(int i) {
        java.util.Random r = new java.util.Random(42L * 1_000_003 + i);
        return new double[] {Math.round((102.0 + r.nextDouble() * 2) * 1e6) / 1e6, Math.round((29.5 + r.nextDouble() * 1.5) * 1e6) / 1e6};
    }

    static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    static Future<HttpResponse<Buffer>> send(int member, HttpMethod method, String path, Object body, long timeoutMs) {
        var req = http[member].request(method, path).putHeader("Authorization", "Bearer " + token).timeout(timeoutMs);
        if (body == null) {
            return req.send();
        }
        return req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(io.vertx.core.json.Json.encode(body)));
    }

    static Future<JsonObject> ok(Future<HttpResponse<Buffer>> f) {
        return f.map(r -> {
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
            }
            return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
        });
    }

    static Future<Void> setup() {
        List<JsonObject> items = new ArrayList<>();
        String now = Instant.now().toString();
        // the probe writer's team (index devices) has no device
        for (int i = 0; i < devices + (probeMember >= 0 ? 1 : 0); i++) {
            double[] h = home(i);
            items.add(new JsonObject().put("op", "upsert").put("team", new JsonObject()
                    .put("id", teamId(i)).put("name", "drill team " + i).put("tier", "LOCAL_PROFESSIONAL")
                    .put("regionCode", "510100").put("status", "AVAILABLE").put("transport", "ROAD").put("staffing", 12)
                    .put("home", point(h[0], h[1])).put("position", point(h[0], h[1]).put("time", now).put("accuracy", 10.0))
                    .put("equipment", new JsonArray().add(new JsonObject().put("typeCode", "2030101").put("quantity", 2)))
                    .put("skills", new JsonArray())));
        }
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < items.size(); from += 200) {
            JsonArray chunk = new JsonArray(items.subList(from, Math.min(items.size(), from + 200)));
            chain = chain.compose(v -> ok(send(0, HttpMethod.POST, "/api/v1/teams:batch", chunk, 60_000)).mapEmpty());
        }
        for (int i = 0; i < devices; i++) {
            int d = i;
            chain = chain.compose(v -> ok(send(0, HttpMethod.PUT, "/api/v1/devices/" + deviceId(d), new JsonObject()
                    .put("teamId", teamId(d)).put("protocol", "STREAM").put("primary", true).put("name", "drill " + d), 30_000)).mapEmpty());
        }
        String inc = prefix + "-TRACK";
        double[] h = home(0);
        chain = chain.compose(v -> send(0, HttpMethod.GET, "/api/v1/incidents/" + inc, null, 30_000))
                .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : ok(send(0, HttpMethod.POST, "/api/v1/incidents",
                        new JsonObject().put("id", inc).put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "II")
                                .put("title", "failover drill tracking incident").put("regionCode", "510100")
                                .put("location", point(h[0], h[1])), 30_000)).mapEmpty());
        // the tracked teams are dispatched to it, so that their tracks can be read back over REST (tracks.csv)
        for (int from = 0; from < tracked; from += 10) {
            JsonArray ids = new JsonArray();
            for (int i = from; i < Math.min(tracked, from + 10); i++) {
                ids.add(teamId(i));
            }
            chain = chain.compose(v -> send(0, HttpMethod.POST, "/api/v1/incidents/" + inc + "/assignments",
                    new JsonObject().put("teamIds", ids).put("note", "failover drill"), 30_000).map(r -> {
                if (r.statusCode() != 201 && r.statusCode() != 409) {
                    throw new IllegalStateException("dispatch " + r.statusCode() + " " + r.bodyAsString());
                }
                return null;
            }));
        }
        return chain;
    }

    // ---------------------------------------------------------------- load

    static void startLoad() {
        seq = new long[devices];
        acked = new BitSet[devices];
        for (int i = 0; i < devices; i++) {
            acked[i] = new BitSet();
            seq[i] = System.currentTimeMillis() / 1000 * 1000; // a fresh seq range per run: earlier runs cannot count
        }
        bases = seq.clone();
        linkState = new Link[links];
        for (int j = 0; j < links; j++) {
            Link l = new Link();
            l.index = j;
            l.member = j % members.length;
            linkState[j] = l;
            connectLink(l);
        }
        long started = System.nanoTime();
        long[] sent = {0};
        int[] cursor = {0};
        vertx.setPeriodic(5, t -> {
            if (stopping) {
                return;
            }
            double batches = rate / batch;
            double owed = batches * (System.nanoTime() - started) / 1e9 - sent[0];
            if (owed > batches / 4) {
                sent[0] += (long) (owed - batches / 4);
                owed = batches / 4;
            }
            long nowMs = System.currentTimeMillis();
            for (int n = (int) owed; n > 0; n--) {
                int d = cursor[0];
                cursor[0] = (d + 1) % devices;
                sent[0]++;
                Link l = linkState[d % links];
                if (l.ws == null || l.ws.isClosed() || l.ws.writeQueueFull()) {
                    continue; // a device without a link keeps its fix for nobody: only acknowledged fixes count
                }
                double[] h = home(d);
                PositionBatch.Builder b = PositionBatch.newBuilder().setDeviceId(deviceId(d));
                long first = seq[d] + 1;
                for (int k = 0; k < batch; k++) {
                    long s = ++seq[d];
                    double a = s * 0.05 + d;
                    // a device that batches sent its fixes over the last second: distinct, past times
                    b.addFixes(PositionFix.newBuilder().setSeq(s).setTimeMs(nowMs - (batch - 1 - k) * (1000L / batch))
                            .setLon(Math.round((h[0] + 0.002 * Math.cos(a)) * 1e6) / 1e6)
                            .setLat(Math.round((h[1] + 0.002 * Math.sin(a)) * 1e6) / 1e6).setAccuracyM(8).setSpeedMps(10));
                }
                long rid = ++requestIds;
                inFlight.put(rid, new long[] {d, first, l.index, System.nanoTime(), seq[d]});
                l.ws.writeBinaryMessage(Buffer.buffer(DeviceMessage.newBuilder().setRequestId(rid).setBatch(b).build().toByteArray()));
            }
        });
        // the consoles decode every delta: on an event loop of their own, apart from devices and writers
        vertx.deployVerticle(new io.vertx.core.VerticleBase() {
            @Override
            public Future<?> start() {
                for (int c = 0; c < consoles; c++) {
                    Console con = new Console();
                    con.index = c;
                    con.member = c % members.length;
                    allConsoles.add(con);
                    vertx.setTimer(1 + c * 50L, x -> connectConsole(con));
                }
                return Future.succeededFuture();
            }
        });
        for (int w = 0; w < writers; w++) {
            Writer wr = new Writer();
            wr.index = w;
            wr.member = w % members.length;
            for (int i = tracked + w; i < devices; i += writers) {
                wr.teams.add(i);
            }
            vertx.setTimer(1 + w * (writeIntervalMs / writers), x -> wr.next());
        }
        if (probeMember >= 0) {
            Writer probe = new Writer();
            probe.index = writers;
            probe.member = probeMember;
            probe.pinned = true;
            probe.teams.add(devices);
            vertx.setTimer(1, x -> probe.next());
        }
        if (followReady) {
            boolean[] polling = new boolean[members.length];
            vertx.setPeriodic(250, t -> {
                for (int m = 0; m < members.length; m++) {
                    if (!polling[m] && !stopping) {
                        polling[m] = true;
                        int mm = m;
                        pollReady(mm).onComplete(x -> polling[mm] = false);
                    }
                }
            });
        }
        vertx.setPeriodic(1000, t -> {
            seconds.println(System.currentTimeMillis() + " acked=" + secAcked + " writesOk=" + secWriteOk + " writesFailed="
                    + secWriteFail + " deviceErrors=" + secDeviceErrors + " inFlight=" + inFlight.size()
                    + " ackMeanMs=" + (secAckCount == 0 ? 0 : secAckMicros / secAckCount / 1000) + " ackMaxMs=" + secAckMaxMicros / 1000);
            secAcked = secWriteOk = secWriteFail = secDeviceErrors = secAckCount = secAckMicros = secAckMaxMicros = 0;
        });
    }

    /** The next member after {@code current}, round robin; with --follow-ready the next ready one (if any). */
    static int nextMember(int current) {
        int n = members.length;
        for (int k = 1; followReady && k <= n; k++) {
            if (ready.get((current + k) % n) == 1) {
                return (current + k) % n;
            }
        }
        return (current + 1) % n;
    }

    static final String[] readyState = new String[16];
    static final int[] pollFailures = new int[16];

    /**
     * One poll of a member's /health/ready; logs changes; on the loss of readiness moves its clients away. An answer
     * other than 200 counts at once; no answer (timeout, refused) only twice in a row: on a loaded machine one poll
     * can be slow.
     */
    static Future<Void> pollReady(int m) {
        return http[m].get("/health/ready").timeout(2000).send().transform(ar -> {
            String state;
            boolean ok;
            if (ar.failed() && ++pollFailures[m] < 2) {
                return Future.succeededFuture();
            }
            if (ar.failed()) {
                ok = false;
                state = "unready error " + String.valueOf(ar.cause().getMessage()).replace(' ', '_');
            } else {
                pollFailures[m] = 0;
                ok = ar.result().statusCode() == 200;
                String size = "?";
                String majority = "?";
                try {
                    for (Object o : ar.result().bodyAsJsonObject().getJsonArray("checks", new JsonArray())) {
                        JsonObject c = (JsonObject) o;
                        if ("cluster".equals(c.getString("id"))) {
                            JsonObject d = c.getJsonObject("data", new JsonObject());
                            size = String.valueOf(d.getValue("members", "?"));
                            majority = String.valueOf(d.getValue("majority", "?"));
                        }
                    }
                } catch (RuntimeException notJson) {
                    // a 503 from the gate has no checks
                }
                state = (ok ? "ready" : "unready") + " status " + ar.result().statusCode() + " members " + size
                        + " majority " + majority;
            }
            if (!state.equals(readyState[m])) {
                readyState[m] = state;
                log("member " + m + " " + state);
            }
            int was = ready.getAndSet(m, ok ? 1 : 0);
            if (was == 1 && !ok) {
                // like a load balancer whose health check failed: clients on it go elsewhere
                for (Link l : linkState) {
                    if (l.member == m && l.ws != null && !l.ws.isClosed()) {
                        log("link " + l.index + " leaving member " + m);
                        l.ws.close();
                    }
                }
                synchronized (allConsoles) {
                    for (Console c : allConsoles) {
                        WebSocket ws = c.ws;
                        if (c.member == m && ws != null && !ws.isClosed()) {
                            log("console " + c.index + " leaving member " + m);
                            ws.close();
                        }
                    }
                }
            }
            return Future.succeededFuture();
        });
    }

    static void connectLink(Link l) {
        if (stopping || l.connecting) {
            return;
        }
        if (followReady && ready.get(l.member) == 0) {
            l.member = nextMember(l.member);
        }
        l.connecting = true;
        java.net.URI u = java.net.URI.create(members[l.member]);
        wsClient.connect(new WebSocketConnectOptions().setHost(u.getHost()).setPort(u.getPort()).setURI("/ws/device")
                .addHeader("Authorization", "Bearer " + token)).onComplete(ar -> {
            l.connecting = false;
            if (ar.failed()) {
                log("link " + l.index + " connect-failed member " + l.member + " " + ar.cause().getMessage());
                l.member = nextMember(l.member);
                vertx.setTimer(200, x -> connectLink(l));
                return;
            }
            WebSocket ws = ar.result();
            l.ws = ws;
            l.ackedSinceConnect = false;
            log("link " + l.index + " connected member " + l.member);
            ws.binaryMessageHandler(buf -> deviceAnswer(l, buf));
            ws.closeHandler(v -> {
                log("link " + l.index + " closed member " + l.member + " status " + ws.closeStatusCode() + " " + ws.closeReason());
                l.ws = null;
                // the fixes still waiting for an ack on this link are not acknowledged: forget them
                inFlight.values().removeIf(f -> f[2] == l.index);
                if (!stopping) {
                    l.member = nextMember(l.member);
                    vertx.setTimer(200, x -> connectLink(l));
                }
            });
        });
    }

    static void deviceAnswer(Link l, Buffer buf) {
        DeviceServerMessage m;
        try {
            m = DeviceServerMessage.parseFrom(buf.getBytes());
        } catch (Exception e) {
            secDeviceErrors++;
            return;
        }
        long[] f = inFlight.remove(m.getRequestId());
        if (m.hasAck() && f != null) {
            long micros = (System.nanoTime() - f[3]) / 1000;
            secAckCount++;
            secAckMicros += micros;
            secAckMaxMicros = Math.max(secAckMaxMicros, micros);
            // only a batch answered as wholly durable counts: durable_seq covers its last fix, nothing rejected
            if (m.getAck().getDurableSeq() >= f[4] && m.getAck().getRejected() == 0) {
                acked[(int) f[0]].set((int) (f[1] - base(f[0])), (int) (f[4] - base(f[0])) + 1);
                secAcked += f[4] - f[1] + 1;
                if (!l.ackedSinceConnect) {
                    l.ackedSinceConnect = true;
                    log("link " + l.index + " first-ack member " + l.member);
                }
            }
        } else if (m.hasError()) {
            secDeviceErrors++;
            if (secDeviceErrors < 3) {
                log("device error member " + l.member + " " + m.getError().getCode() + " " + m.getError().getMessage());
            }
        }
    }

    static long[] bases;

    static long base(long device) {
        return bases[(int) device];
    }

    static void dump(String label) throws IOException {
        if (bases == null) {
            return;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("acked-" + label + ".txt")))) {
            for (int d = 0; d < devices; d++) {
                BitSet b = acked[d];
                StringBuilder sb = new StringBuilder(deviceId(d));
                for (int i = b.nextSetBit(0); i >= 0; ) {
                    int j = b.nextClearBit(i);
                    sb.append(' ').append(bases[d] + i).append('-').append(bases[d] + j - 1);
                    i = b.nextSetBit(j);
                }
                w.println(sb);
            }
        }
        log("dump " + label);
    }

    // ---------------------------------------------------------------- consoles

    static final class Console {
        int index;
        volatile int member;
        volatile WebSocket ws;
        long seq = -1;
        long gaps;
    }

    static void connectConsole(Console c) {
        if (stopping) {
            return;
        }
        if (followReady && ready.get(c.member) == 0) {
            c.member = nextMember(c.member);
        }
        java.net.URI u = java.net.URI.create(members[c.member]);
        wsClient.connect(new WebSocketConnectOptions().setHost(u.getHost()).setPort(u.getPort())
                .setURI("/ws/console?access_token=" + token).addHeader("Origin", members[c.member])).onComplete(ar -> {
            if (ar.failed()) {
                log("console " + c.index + " connect-failed member " + c.member + " " + ar.cause().getMessage());
                c.member = nextMember(c.member);
                vertx.setTimer(200, x -> connectConsole(c));
                return;
            }
            WebSocket ws = ar.result();
            c.ws = ws;
            c.seq = -1;
            log("console " + c.index + " connected member " + c.member);
            ws.binaryMessageHandler(buf -> consoleFrame(c, buf));
            ws.closeHandler(v -> {
                log("console " + c.index + " closed member " + c.member + " status " + ws.closeStatusCode() + " " + ws.closeReason());
                c.ws = null;
                if (!stopping) {
                    c.member = nextMember(c.member);
                    vertx.setTimer(200, x -> connectConsole(c));
                }
            });
            ws.writeBinaryMessage(Buffer.buffer(ClientMessage.newBuilder().setRequestId(1)
                    .setSubscribe(Subscribe.newBuilder().setEverything(true)).build().toByteArray()));
            long pinger = vertx.setPeriodic(10_000, t -> {
                if (!ws.isClosed()) {
                    ws.writeBinaryMessage(Buffer.buffer(ClientMessage.newBuilder()
                            .setPing(Ping.newBuilder().setClientTimeMs(System.currentTimeMillis())).build().toByteArray()));
                }
            });
            ws.endHandler(v -> vertx.cancelTimer(pinger));
        });
    }

    static void consoleFrame(Console c, Buffer buf) {
        ServerMessage m;
        try {
            m = ServerMessage.parseFrom(buf.getBytes());
        } catch (Exception e) {
            return;
        }
        switch (m.getKindCase()) {
            case SNAPSHOT -> {
                c.seq = m.getSnapshot().getSeq();
                log("console " + c.index + " snapshot member " + c.member + " teams " + m.getSnapshot().getTeamsCount());
            }
            case DELTAS -> {
                for (Delta d : m.getDeltas().getDeltasList()) {
                    if (c.seq >= 0 && d.getSeq() != c.seq + 1) {
                        c.gaps++;
                        log("console " + c.index + " gap member " + c.member + " expected " + (c.seq + 1) + " got " + d.getSeq());
                    }
                    c.seq = d.getSeq();
                }
            }
            case ERROR -> log("console " + c.index + " error member " + c.member + " " + m.getError().getCode());
            default -> { }
        }
    }

    // ---------------------------------------------------------------- REST writers

    /**
     * One writer: alternately a status toggle of one of its own teams (no other writer touches them) and a new
     * incident with an id of its own. A write that fails or times out moves the writer to the next member.
     */
    static final class Writer {
        int index;
        int member;
        boolean pinned;              // the probe: stays on its member, writes only while probing
        final List<Integer> teams = new ArrayList<>();
        final Map<Integer, String> status = new HashMap<>();
        int turn;
        long incidents;

        void next() {
            if (stopping) {
                return;
            }
            if (pinned && !probing) {
                vertx.setTimer(writeIntervalMs, x -> next());
                return;
            }
            if (!pinned && followReady && ready.get(member) == 0) {
                member = nextMember(member);
            }
            boolean patch = turn++ % 2 == 0 && !teams.isEmpty();
            long t0 = System.currentTimeMillis();
            int m = member;
            Future<HttpResponse<Buffer>> f;
            JsonObject rec = new JsonObject().put("writer", index).put("member", m).put("t0", t0);
            if (pinned) {
                rec.put("probe", true);
            }
            if (patch) {
                int team = teams.get((turn / 2) % teams.size());
                String to = "OUT_OF_SERVICE".equals(status.get(team)) ? "AVAILABLE" : "OUT_OF_SERVICE";
                rec.put("kind", "team").put("id", teamId(team)).put("to", to);
                f = send(m, HttpMethod.PATCH, "/api/v1/teams/" + teamId(team), new JsonObject().put("status", to), 20_000);
                f.onSuccess(r -> {
                    if (r.statusCode() == 200) {
                        status.put(team, r.bodyAsJsonObject().getString("status"));
                    } else if (r.statusCode() == 409) {
                        status.remove(team); // unknown now; the next toggle asks for OUT_OF_SERVICE, then alternates
                    }
                });
            } else {
                String id = prefix + "-W" + index + "-" + t0 + "-" + (incidents++);
                double[] h = home(index);
                rec.put("kind", "incident").put("id", id);
                f = send(m, HttpMethod.POST, "/api/v1/incidents", new JsonObject().put("id", id).put("type", "OTHER")
                        .put("severity", "IV").put("title", "drill write " + id).put("regionCode", "510100")
                        .put("location", point(h[0], h[1])), 20_000);
            }
            f.onComplete(ar -> {
                long t1 = System.currentTimeMillis();
                rec.put("t1", t1);
                if (ar.succeeded()) {
                    HttpResponse<Buffer> r = ar.result();
                    rec.put("status", r.statusCode());
                    if (r.statusCode() == 200 || r.statusCode() == 201) {
                        JsonObject body = r.bodyAsJsonObject();
                        rec.put("version", body.getLong("version")).put("ok", true);
                        if (body.containsKey("status")) {
                            rec.put("result", body.getString("status"));
                        }
                        secWriteOk++;
                    } else {
                        rec.put("ok", false).put("body", r.bodyAsString() == null ? "" : r.bodyAsString().substring(0,
                                Math.min(200, r.bodyAsString().length())));
                        secWriteFail++;
                        if (r.statusCode() >= 500 && !pinned) {
                            member = nextMember(member);
                        }
                    }
                } else {
                    rec.put("ok", false).put("error", String.valueOf(ar.cause().getMessage()));
                    secWriteFail++;
                    if (!pinned) {
                        member = nextMember(member);
                    }
                }
                writes.println(rec.encode());
                long wait = Math.max(1, writeIntervalMs - (t1 - t0));
                vertx.setTimer(wait, x -> next());
            });
        }
    }
}
