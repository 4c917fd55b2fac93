package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * JT/T 808 (2013) vehicle terminals over TCP: each registers (0x0100), authenticates with the code of the
 * registration response (0x0102) and then sends location reports (0x0200), paced over all terminals. Written from the
 * standard, not from the server's codec: 0x7E framing, 0x7D escaping, XOR check code, BCD phone number and BCD time in
 * UTC+8. Location times have whole seconds only, so consoles measure these positions from the server's acceptance,
 * not end to end.
 */
final class Jt808Terminals extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Terminals.class);
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private final String host;
    private final int port;
    private final Fleet fleet;
    private final int first;
    private final int count;
    private final double perSecond;
    private final Window window;
    final Stats stats = new Stats();
    private final Terminal[] terminals;
    private NetClient client;
    private long started;
    private long sent;
    private long timer = -1;
    private int cursor;

    private final class Terminal {
        final int index;
        final byte[] phone;
        NetSocket socket;
        boolean authenticated;
        int serial;
        long seq;
        Buffer pending = Buffer.buffer();

        Terminal(int index) {
            this.index = index;
            this.phone = bcd(fleet.deviceId(index));
        }
    }

    Jt808Terminals(String host, int port, Fleet fleet, int first, int count, double perSecond, Window window) {
        this.host = host;
        this.port = port;
        this.fleet = fleet;
        this.first = first;
        this.count = count;
        this.perSecond = perSecond;
        this.window = window;
        this.terminals = new Terminal[count];
    }

    @Override
    public Future<?> start() {
        client = vertx.createNetClient();
        for (int i = 0; i < count; i++) {
            Terminal t = new Terminal(first + i);
            terminals[i] = t;
            int n = i;
            client.connect(port, host).onSuccess(s -> {
                t.socket = s;
                s.handler(b -> received(t, b));
                s.closeHandler(v -> t.authenticated = false);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                u16(body, 51);                                   // province: Sichuan
                u16(body, 100);                                  // city
                fixed(body, "MUSTR", 5);                         // manufacturer
                fixed(body, "LOADGEN", 20);                      // model
                fixed(body, "T" + n, 7);                         // terminal id
                body.write(1);                                   // plate colour
                body.writeBytes(("川A" + n).getBytes(StandardCharsets.UTF_8));
                send(t, 0x0100, body.toByteArray());
            }).onFailure(e -> {
                stats.count("jt808.connect.failed", 1);
                LOG.warn("JT/T 808 terminal not connected: {}", e.getMessage());
            });
        }
        started = System.nanoTime();
        timer = vertx.setPeriodic(5, x -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        for (Terminal t : terminals) {
            if (t != null && t.socket != null) {
                t.socket.close();
            }
        }
        return Future.succeededFuture();
    }

    private void tick() {
        double owed = perSecond * (System.nanoTime() - started) / 1e9 - sent;
        if (owed > perSecond) {
            sent += (long) (owed - perSecond);
            owed = perSecond;
        }
        for (int n = (int) owed; n > 0; n--) {
            Terminal t = terminals[cursor];
            cursor = (cursor + 1) % count;
            sent++;
            boolean inWindow = window.contains(System.currentTimeMillis());
            if (!t.authenticated) {
                if (inWindow) {
                    stats.count("jt808.fixes.unauthenticated", 1);
                }
                continue;
            }
            double[] p = fleet.positionAt(t.index, ++t.seq);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            u32(body, 0);                                        // alarm flags
            u32(body, 0b11);                                     // status: ACC on, located
            u32(body, Math.round(p[1] * 1e6));                   // latitude (north)
            u32(body, Math.round(p[0] * 1e6));                   // longitude (east)
            u16(body, 500);                                      // altitude m
            u16(body, 432);                                      // speed 0.1 km/h
            u16(body, (int) Math.round(p[2]) % 360);             // direction
            LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), CHINA);
            String time = String.format("%02d%02d%02d%02d%02d%02d", now.getYear() % 100, now.getMonthValue(),
                    now.getDayOfMonth(), now.getHour(), now.getMinute(), now.getSecond());
            body.writeBytes(bcd(time));
            send(t, 0x0200, body.toByteArray());
            if (inWindow) {
                stats.count("jt808.fixes.sent", 1);
            }
        }
    }

    private void received(Terminal t, Buffer b) {
        t.pending.appendBuffer(b);
        byte[] all = t.pending.getBytes();
        int start = -1;
        int consumed = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != 0x7e) {
                continue;
            }
            if (start >= 0 && i > start + 1) {
                frame(t, unescape(all, start + 1, i));
                consumed = i + 1;
                start = -1;
            } else {
                start = i;
            }
        }
        t.pending = Buffer.buffer().appendBytes(all, consumed, all.length - consumed);
    }

    private void frame(Terminal t, byte[] f) {
        if (f.length < 13) {
            stats.count("jt808.answer.short", 1);
            return;
        }
        int id = (f[0] & 0xff) << 8 | (f[1] & 0xff);
        int length = ((f[2] & 0x03) << 8) | (f[3] & 0xff);
        int bodyAt = 12;
        if (id == 0x8100 && length >= 3) {
            int result = f[bodyAt + 2];
            if (result != 0) {
                stats.count("jt808.register.refused", 1);
                LOG.warn("JT/T 808 registration refused [terminal: {}, result: {}]", fleet.deviceId(t.index), result);
                return;
            }
            byte[] code = java.util.Arrays.copyOfRange(f, bodyAt + 3, bodyAt + length);
            send(t, 0x0102, code);
        } else if (id == 0x8001 && length >= 5) {
            int replyId = (f[bodyAt + 2] & 0xff) << 8 | (f[bodyAt + 3] & 0xff);
            int result = f[bodyAt + 4];
            if (replyId == 0x0102) {
                t.authenticated = result == 0;
                if (result != 0) {
                    stats.count("jt808.auth.refused", 1);
                }
            } else if (replyId == 0x0200 && window.contains(System.currentTimeMillis())) {
                stats.count(result == 0 ? "jt808.fixes.acknowledged" : "jt808.fixes.refused", 1);
            }
        }
    }

    private void send(Terminal t, int messageId, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        u16(m, messageId);
        u16(m, body.length & 0x3ff);
        m.writeBytes(t.phone);
        u16(m, t.serial++ & 0xffff);
        m.writeBytes(body);
        byte[] raw = m.toByteArray();
        byte check = 0;
        for (byte x : raw) {
            check ^= x;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7e);
        for (byte x : raw) {
            escape(out, x);
        }
        escape(out, check);
        out.write(0x7e);
        if (t.socket != null) {
            t.socket.write(Buffer.buffer(out.toByteArray()));
        }
    }

    private static void escape(ByteArrayOutputStream out, byte x) {
        if (x == 0x7e) {
            out.write(0x7d);
            out.write(0x02);
        } else if (x == 0x7d) {
            out.write(0x7d);
            out.write(0x01);
        } else {
            out.write(x);
        }
    }

    private static byte[] unescape(byte[] a, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            if (a[i] == 0x7d && i + 1 < to) {
                out.write(a[++i] == 0x02 ? 0x7e : 0x7d);
            } else {
                out.write(a[i]);
            }
        }
        return out.toByteArray();
    }

    static byte[] bcd(String digits) {
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digits.charAt(2 * i) - '0') << 4 | (digits.charAt(2 * i + 1) - '0'));
        }
        return out;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    private static void u32(ByteArrayOutputStream o, long v) {
        o.write((int) (v >> 24));
        o.write((int) (v >> 16));
        o.write((int) (v >> 8));
        o.write((int) v);
    }

    private static void fixed(ByteArrayOutputStream o, String s, int n) {
        byte[] b = java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), n);
        o.writeBytes(b);
    }
}
