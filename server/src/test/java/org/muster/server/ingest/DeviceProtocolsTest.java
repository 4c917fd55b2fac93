package org.muster.server.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.auth.Role;
import org.muster.server.ingest.jt808.Jt808Codec;
import org.muster.server.ingest.jt808.Jt808Framer;
import org.muster.server.ingest.jt808.Jt808Header;
import org.muster.server.ingest.jt808.Jt808Message;
import org.muster.server.support.MutableClock;
import org.muster.server.support.TestMember;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field devices through their own protocols against a real member: OsmAnd over HTTP, JT/T 808 over TCP (a real
 * socket speaking the frames a terminal sends), and offline tracks uploaded as NMEA (the Beidou capture in
 * shared/data) and GPX. Every accepted fix is in the location history; rejected ones change nothing.
 */
class DeviceProtocolsTest {
    private static TestMember m;
    private static Vertx vertx;
    private static WebClient osmand;

    @BeforeAll
    static void start() {
        m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_OSMAND_PORT", "0", "MUSTER_JT808_PORT", "0",
                "MUSTER_OSMAND_SPEED_UNIT", "mps"));
        vertx = Vertx.vertx();
        osmand = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close();
        m.close();
    }

    private static String team(TestMember member) {
        String id = "DP-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject t = new JsonObject().put("id", id).put("name", "设备测试队 " + id).put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", "510100").put("home", new JsonObject().put("type", "Point")
                        .put("coordinates", new JsonArray().add(104.0).add(30.6)));
        assertThat(member.post("/api/v1/teams", t).statusCode()).isEqualTo(201);
        return id;
    }

    private static void device(TestMember member, String id, String teamId, String protocol) {
        HttpResponse<Buffer> r = member.send(HttpMethod.PUT, "/api/v1/devices/" + id, new JsonObject().put("teamId", teamId)
                .put("protocol", protocol).put("primary", true), Map.of());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    }

    private static long stored(String device) {
        return m.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "'");
    }

    private static HttpResponse<Buffer> osmandGet(String query) throws Exception {
        return osmand.get(m.main().osmandPort(), "127.0.0.1", "/?" + query).send()
                .toCompletionStage().toCompletableFuture().get();
    }

    private static JsonObject livePosition(String team) {
        for (int i = 0; i < 100; i++) {
            JsonObject p = m.get("/api/v1/teams/" + team).bodyAsJsonObject().getJsonObject("position");
            if (p != null) {
                return p;
            }
            sleep(50);
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void osmAndFixesOfRegisteredPhonesAreStoredAndEverythingElseIsRefused() throws Exception {
        String team = team(m);
        String phone = "phone-" + team;
        device(m, phone, team, "OSMAND");
        long t = Instant.now().minusSeconds(30).getEpochSecond();
        HttpResponse<Buffer> ok = osmandGet("id=" + phone + "&lat=30.66&lon=104.06&timestamp=" + t
                + "&speed=12.5&bearing=90&altitude=500&accuracy=8&batt=76");
        assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
        assertThat(stored(phone)).isEqualTo(1);
        JsonObject p = livePosition(team);
        assertThat(p.getJsonArray("coordinates").getDouble(0)).isEqualTo(104.06);
        assertThat(p.getString("time")).isEqualTo(Instant.ofEpochSecond(t).toString());
        assertThat(p.getDouble("speed")).isEqualTo(12.5); // m/s, as configured for this member
        assertThat(p.getString("source")).isEqualTo("OSMAND");

        // a resend is harmless
        assertThat(osmandGet("id=" + phone + "&lat=30.66&lon=104.06&timestamp=" + t).statusCode()).isEqualTo(200);
        assertThat(stored(phone)).isEqualTo(1);

        // Traccar Client's JSON body, milliseconds in ISO-8601
        String iso = Instant.now().minusSeconds(10).toString();
        HttpResponse<Buffer> json = osmand.post(m.main().osmandPort(), "127.0.0.1", "/").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("device_id", phone).put("location", new JsonObject()
                        .put("timestamp", iso).put("coords", new JsonObject().put("latitude", 30.67).put("longitude", 104.07)
                                .put("accuracy", 5).put("speed", 3.0).put("heading", 180))
                        .put("battery", new JsonObject().put("level", 0.5).put("is_charging", false))).encode()))
                .toCompletionStage().toCompletableFuture().get();
        assertThat(json.statusCode()).as(json.bodyAsString()).isEqualTo(200);
        assertThat(stored(phone)).isEqualTo(2);

        // malformed: 400 with the reason; unknown or wrong-protocol device: 403; nothing stored
        HttpResponse<Buffer> bad = osmandGet("id=" + phone + "&lat=north&lon=104.06&timestamp=" + t);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("lat");
        assertThat(osmandGet("id=nobody&lat=30.66&lon=104.06&timestamp=" + t).statusCode()).isEqualTo(403);
        String streamDevice = "stream-" + team;
        device(m, streamDevice, team, "STREAM");
        assertThat(osmandGet("id=" + streamDevice + "&lat=30.66&lon=104.06&timestamp=" + t).statusCode()).isEqualTo(403);
        assertThat(stored("nobody") + stored(streamDevice)).isZero();
        assertThat(stored(phone)).isEqualTo(2);
    }

    // --- JT/T 808: a terminal over a real socket ---

    private static final Jt808Codec CODEC = new Jt808Codec();

    /** A terminal's side of the conversation: frames out, frames in. */
    private static final class Terminal implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final Jt808Framer framer = new Jt808Framer();
        final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        final String phone;
        int serial;

        Terminal(String phone) throws Exception {
            this.phone = phone;
            socket = new Socket("127.0.0.1", m.main().jt808Port());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(int messageId, byte[] body) throws Exception {
            out.write(CODEC.encodeFrame(Jt808Header.of2013(messageId, phone, ++serial), body));
            out.flush();
        }

        /** One package of a message split in {@code total}, with the next serial. */
        void sendPackage(int messageId, int total, int index, byte[] part) throws Exception {
            out.write(CODEC.encodeFrame(new Jt808Header(messageId, phone, ++serial, false, 0, 0,
                    new Jt808Header.Subpackage(total, index)), part));
            out.flush();
        }

        /** The platform's next answer, as (message id, body). */
        Jt808Message.Other answer() throws Exception {
            byte[] buf = new byte[4096];
            while (frames.isEmpty()) {
                int n = in.read(buf);
                assertThat(n).as("the platform answers").isPositive();
                frames.addAll(framer.feed(java.util.Arrays.copyOf(buf, n)));
            }
            return (Jt808Message.Other) CODEC.decode(frames.poll());
        }

        /** Result byte of a 0x8001 answer to the message just sent. */
        int generalResult() throws Exception {
            Jt808Message.Other a = answer();
            assertThat(a.header().messageId()).isEqualTo(Jt808Codec.PLATFORM_GENERAL_RESPONSE);
            ByteBuffer b = ByteBuffer.wrap(a.body());
            assertThat(b.getShort() & 0xFFFF).as("answers our serial").isEqualTo(serial);
            b.getShort();
            return b.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static byte[] register() {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 5 + 20 + 7 + 1 + 16);
        b.putShort((short) 51).putShort((short) 100);
        b.put(pad("MUSTR", 5)).put(pad("BD-T1", 20)).put(pad("T000001", 7)).put((byte) 2);
        byte[] plate = "川A12345".getBytes(Charset.forName("GBK"));
        b.put(plate);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] pad(String s, int n) {
        return java.util.Arrays.copyOf(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), n);
    }

    /** A 0x0200 body: positioned, north/east, 1e-6 degrees, BCD time in UTC+8. */
    private static byte[] location(double lat, double lon, int altitude, Instant time) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.putInt(0).putInt(1 << 1).putInt((int) Math.round(lat * 1e6)).putInt((int) Math.round(lon * 1e6))
                .putShort((short) altitude).putShort((short) 600).putShort((short) 45);
        LocalDateTime t = LocalDateTime.ofInstant(time, ZoneOffset.ofHours(8));
        for (int v : new int[] {t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()}) {
            b.put((byte) ((v / 10) << 4 | v % 10));
        }
        return b.array();
    }

    @Test
    void aJt808TerminalRegistersAuthenticatesAndItsReportsAndBlindAreaBatchesAreStored() throws Exception {
        String team = team(m);
        String phone = "0139" + String.format("%08d", (int) (Math.random() * 1e8));
        device(m, phone, team, "JT808");
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (Terminal term = new Terminal(phone)) {
            // before authenticating, a report does not count
            term.send(Jt808Codec.LOCATION_REPORT, location(30.5, 104.1, 500, t0));
            assertThat(term.generalResult()).isEqualTo(1);
            assertThat(stored(phone)).isZero();
            // nor is a package held for it
            term.sendPackage(Jt808Codec.BATCH_LOCATION_UPLOAD, 2, 1, new byte[] {0, 1, 1});
            assertThat(term.generalResult()).isEqualTo(1);

            term.send(Jt808Codec.REGISTER, register());
            Jt808Message.Other reg = term.answer();
            assertThat(reg.header().messageId()).isEqualTo(Jt808Codec.REGISTRATION_RESPONSE);
            ByteBuffer rb = ByteBuffer.wrap(reg.body());
            rb.getShort();
            assertThat(rb.get()).as("registration result").isEqualTo((byte) 0);
            byte[] code = new byte[rb.remaining()];
            rb.get(code);
            assertThat(code).isNotEmpty();

            term.send(Jt808Codec.AUTHENTICATE, "wrong-code".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(term.generalResult()).isEqualTo(1);
            term.send(Jt808Codec.AUTHENTICATE, code);
            assertThat(term.generalResult()).isZero();

            term.send(Jt808Codec.HEARTBEAT, new byte[0]);
            assertThat(term.generalResult()).isZero();

            // garbage between frames costs nothing but itself
            term.out.write(new byte[] {0x7E, 0x01, 0x02, 0x03, 0x7E, 0x55, 0x66});
            term.send(Jt808Codec.LOCATION_REPORT, location(30.5, 104.1, -120, t0.plusSeconds(60)));
            assertThat(term.generalResult()).isZero();
            assertThat(stored(phone)).isEqualTo(1);

            // three stored positions recorded while out of coverage
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            batch.write(new byte[] {0, 3, 1});
            for (int i = 0; i < 3; i++) {
                byte[] loc = location(30.4 - i * 0.01, 104.0, 480, t0.minusSeconds(300 - i * 60L));
                batch.write(new byte[] {0, (byte) loc.length});
                batch.write(loc);
            }
            term.send(Jt808Codec.BATCH_LOCATION_UPLOAD, batch.toByteArray());
            assertThat(term.generalResult()).isZero();
            assertThat(stored(phone)).isEqualTo(4);
            assertThat(m.count("SELECT count(*) FROM positions WHERE device_id = '" + phone + "' AND source = 5")).isEqualTo(3);
            assertThat(m.count("SELECT count(*) FROM positions WHERE device_id = '" + phone + "' AND altitude = -120")).isEqualTo(1);

            // forty stored positions: a body longer than a frame can carry, sent in two packages
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            big.write(new byte[] {0, 40, 1});
            for (int i = 0; i < 40; i++) {
                byte[] loc = location(30.3, 104.0 + i * 0.001, 470, t0.minusSeconds(3_600 - i * 10L));
                big.write(new byte[] {0, (byte) loc.length});
                big.write(loc);
            }
            byte[] whole = big.toByteArray();
            assertThat(whole.length).isGreaterThan(Jt808Codec.MAX_BODY_BYTES);
            term.sendPackage(Jt808Codec.BATCH_LOCATION_UPLOAD, 2, 1, java.util.Arrays.copyOfRange(whole, 0, 800));
            assertThat(term.generalResult()).as("the first package, kept").isZero();
            assertThat(stored(phone)).isEqualTo(4);
            term.sendPackage(Jt808Codec.BATCH_LOCATION_UPLOAD, 2, 2, java.util.Arrays.copyOfRange(whole, 800, whole.length));
            assertThat(term.generalResult()).as("the last package, once all forty are durable").isZero();
            assertThat(stored(phone)).isEqualTo(44);
            assertThat(m.count("SELECT count(*) FROM positions WHERE device_id = '" + phone + "' AND altitude = 470")).isEqualTo(40);
        }
        // the live position is the newest fix, not the late batch
        JsonObject p = livePosition(team);
        assertThat(p.getString("time")).isEqualTo(t0.plusSeconds(60).toString());

        // an unknown terminal gets "no such terminal" and nothing else
        try (Terminal stranger = new Terminal("013000000000")) {
            stranger.send(Jt808Codec.REGISTER, register());
            Jt808Message.Other reg = stranger.answer();
            assertThat(reg.body()[2]).isEqualTo((byte) 4);
            stranger.send(Jt808Codec.AUTHENTICATE, "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(stranger.generalResult()).isEqualTo(1);
        }
    }

    // --- offline tracks ---

    private static Path shared(String name) {
        Path p = Path.of("../../shared/data/nmea").resolve(name);
        return Files.exists(p) ? p : Path.of("/work/shared/data/nmea").resolve(name);
    }

    @Test
    void anOfflineNmeaCaptureAndAGpxTrackAreBackFilled() throws Exception {
        // the Beidou capture is from 2015: this member lives on that day
        MutableClock clock = new MutableClock();
        clock.advance(Duration.between(clock.instant(), Instant.parse("2015-02-25T08:00:00Z")));
        TestMember past = new TestMember.Cluster(1).start(0, Map.of(), clock);
        try {
            String team = team(past);
            String device = "bd-" + team;
            device(past, device, team, "STREAM");
            byte[] capture = Files.readAllBytes(shared("beidou-bd.nmea"));
            HttpResponse<Buffer> r = past.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", Buffer.buffer(capture),
                    Map.of("Content-Type", "text/plain"));
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.getString("format")).isEqualTo("NMEA");
            assertThat(body.getInteger("stored")).isEqualTo(5);
            List<String> expected = Files.readAllLines(shared("expected-fixes.csv")).stream()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("time")).toList();
            for (String line : expected) {
                String[] c = line.split(",");
                long at = Instant.parse(c[0]).toEpochMilli();
                assertThat(past.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "' AND time = to_timestamp("
                        + at + " / 1000.0) AND abs(lat - " + c[1] + ") < 1e-6 AND abs(lon - " + c[2] + ") < 1e-6 AND source = 6"))
                        .as(line).isEqualTo(1);
            }
            // again: nothing new
            HttpResponse<Buffer> again = past.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", Buffer.buffer(capture),
                    Map.of("Content-Type", "text/plain"));
            assertThat(again.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(5);
            assertThat(again.bodyAsJsonObject().getInteger("stored")).isZero();

            // a GPX track from the same device, sent by the device itself
            String gpx = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                      <trk><trkseg>
                        <trkpt lat="31.2500" lon="121.5880"><ele>4</ele><time>2015-02-25T07:50:00Z</time></trkpt>
                        <trkpt lat="31.2510" lon="121.5890"><ele>4</ele><time>2015-02-25T07:51:00Z</time></trkpt>
                      </trkseg></trk>
                    </gpx>
                    """;
            String deviceToken = past.token("device:" + device, Role.DEVICE, List.of(), device);
            HttpResponse<Buffer> g = past.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", Buffer.buffer(gpx),
                    Map.of("Content-Type", "application/gpx+xml", "Authorization", "Bearer " + deviceToken));
            assertThat(g.statusCode()).as(g.bodyAsString()).isEqualTo(200);
            assertThat(g.bodyAsJsonObject().getInteger("stored")).isEqualTo(2);
            assertThat(past.get("/api/v1/teams/" + team).bodyAsJsonObject().getJsonObject("position").getString("time"))
                    .isEqualTo("2015-02-25T07:51:00Z");

            // another device's token may not upload here; a broken document changes nothing
            String other = past.token("device:x", Role.DEVICE, List.of(), "x");
            assertThat(past.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", Buffer.buffer(gpx),
                    Map.of("Content-Type", "application/gpx+xml", "Authorization", "Bearer " + other)).statusCode()).isEqualTo(403);
            long before = past.count("SELECT count(*) FROM positions");
            HttpResponse<Buffer> broken = past.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks",
                    Buffer.buffer(gpx.substring(0, gpx.length() / 2)), Map.of("Content-Type", "application/gpx+xml"));
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(broken.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(past.count("SELECT count(*) FROM positions")).isEqualTo(before);
            assertThat(past.send(HttpMethod.POST, "/api/v1/devices/nope/tracks", Buffer.buffer(gpx),
                    Map.of("Content-Type", "application/gpx+xml")).statusCode()).isEqualTo(404);
        } finally {
            past.close();
        }
    }

    @Test
    void aDeviceBackFromADayOfflineUploadsEveryStoredFixExactlyOnce() {
        String team = team(m);
        String device = "day-" + team;
        device(m, device, team, "STREAM");
        long start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toEpochMilli();
        int fixes = 86_400; // one a second for a day
        StringBuilder gpx = new StringBuilder(fixes * 100).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<gpx version=\"1.1\" creator=\"terminal\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n");
        for (int i = 0; i < fixes; i++) {
            gpx.append("<trkpt lat=\"").append(String.format(java.util.Locale.ROOT, "%.6f", 29.5 + i * 1e-6))
                    .append("\" lon=\"").append(String.format(java.util.Locale.ROOT, "%.6f", 102.0 + i * 1e-6))
                    .append("\"><time>").append(Instant.ofEpochMilli(start + i * 1000L)).append("</time></trkpt>\n");
        }
        gpx.append("</trkseg></trk></gpx>\n");
        Buffer body = Buffer.buffer(gpx.toString());
        HttpResponse<Buffer> r = m.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", body,
                Map.of("Content-Type", "application/gpx+xml"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getInteger("stored")).isEqualTo(fixes);
        assertThat(stored(device)).isEqualTo(fixes);
        assertThat(m.count("SELECT count(DISTINCT time) FROM positions WHERE device_id = '" + device + "'")).isEqualTo(fixes);
        // the link drops before the answer arrives; the device sends it all again
        HttpResponse<Buffer> again = m.send(HttpMethod.POST, "/api/v1/devices/" + device + "/tracks", body,
                Map.of("Content-Type", "application/gpx+xml"));
        assertThat(again.bodyAsJsonObject().getInteger("stored")).isZero();
        assertThat(again.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(fixes);
        assertThat(stored(device)).isEqualTo(fixes);
    }
}
