package org.muster.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.DeviceProtocol;
import org.muster.protocol.v1.PositionSource;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.DeviceCommands;
import org.muster.server.events.Rejection;
import org.muster.server.ingest.jt808.Jt808Codec;
import org.muster.server.ingest.jt808.Jt808DecodeException;
import org.muster.server.ingest.jt808.Jt808Framer;
import org.muster.server.ingest.jt808.Jt808GeneralResult;
import org.muster.server.ingest.jt808.Jt808Header;
import org.muster.server.ingest.jt808.Jt808Location;
import org.muster.server.ingest.jt808.Jt808Message;
import org.muster.server.ingest.jt808.Jt808Reassembler;
import org.muster.server.ingest.jt808.Jt808RegistrationResult;
import org.muster.server.ingest.jt808.Jt808Responder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * JT/T 808 vehicle terminals over TCP. Per connection: 0x7E framing with 0x7D escaping and the XOR check
 * ({@link Jt808Framer}, {@link Jt808Codec}); register (0x0100, answered 0x8100 with a fresh auth code, only for
 * terminals registered as JT/T 808 devices), authenticate (0x0102), heartbeat (0x0002), location report (0x0200) and
 * blind-area batch upload (0x0704), each answered with the platform's general response (0x8001) once what it carried
 * is durable. A message sent in packages is put back together ({@link Jt808Reassembler}): every package but the one
 * that completes the message is answered when it arrives (it is only held in memory); the answer to the package
 * that completes it follows what the whole message carried, once durable. A terminal must therefore take a
 * subpackaged message as delivered only when all its packages are answered. Packages are taken only from an
 * authenticated terminal, and while the member holds less than {@link #MAX_HELD_PACKAGE_BYTES} of incomplete ones.
 * A terminal must authenticate before its positions count; one that has not within {@link #AUTH_TIMEOUT} is cut off,
 * as is one quiet for {@link #IDLE_TIMEOUT}. Malformed frames are counted and logged and never end the connection by
 * themselves; a stream of nothing but garbage does (more than {@link #MAX_BAD_FRAMES} in a row).
 */
public final class Jt808Server extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Server.class);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    static final int MAX_BAD_FRAMES = 50;
    /** Package bodies all connections of this member may hold while their messages are incomplete. */
    static final long MAX_HELD_PACKAGE_BYTES = 32L << 20;

    private final PositionIngest ingest;
    private final CommandRunner runner;
    private final DeviceCommands devices;
    private final String host;
    private final int port;
    private final IntConsumer bound;
    private final Counter frames;
    private final Counter badFrames;
    private final Counter refused;
    private final Counter timedOut;
    private final Counter reassembled;
    private final Counter droppedIncomplete;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong heldPackageBytes = new AtomicLong();
    private final Jt808Codec codec = new Jt808Codec();
    private NetServer server;
    private long lastBadLog;

    public Jt808Server(PositionIngest ingest, CommandRunner runner, DeviceCommands devices, String host, int port,
                       MeterRegistry metrics, IntConsumer bound) {
        this.ingest = ingest;
        this.runner = runner;
        this.devices = devices;
        this.host = host;
        this.port = port;
        this.bound = bound;
        this.frames = Counter.builder("muster.jt808.frames").tag("outcome", "decoded").register(metrics);
        this.badFrames = Counter.builder("muster.jt808.frames").tag("outcome", "malformed").register(metrics);
        this.refused = Counter.builder("muster.jt808.terminals.refused").description("unknown terminals and bad auth codes")
                .register(metrics);
        this.timedOut = Counter.builder("muster.jt808.terminals.cut.off").description("never authenticated, or idle")
                .register(metrics);
        this.reassembled = Counter.builder("muster.jt808.messages.reassembled")
                .description("messages put back together from packages").register(metrics);
        this.droppedIncomplete = Counter.builder("muster.jt808.messages.incomplete.dropped")
                .description("subpackaged messages dropped before all packages came (too old, too many at once)")
                .register(metrics);
        metrics.gauge("muster.jt808.connections", connections);
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds()));
        server.connectHandler(socket -> new Connection(socket).start());
        return server.listen().onSuccess(s -> {
            bound.accept(s.actualPort());
            LOG.info("JT/T 808 listening [port: {}]", s.actualPort());
        });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** One terminal's connection; everything runs on its event loop, in order. */
    private final class Connection {
        private final NetSocket socket;
        private final Jt808Framer framer = new Jt808Framer();
        private final Jt808Responder responder = new Jt808Responder(codec);
        private final Jt808Reassembler reassembler = new Jt808Reassembler();
        private String terminal;          // authenticated terminal phone, null until then
        private int badInARow;
        private Future<Void> queue = Future.succeededFuture();
        private long authTimer;

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void start() {
            connections.incrementAndGet();
            authTimer = vertx.setTimer(AUTH_TIMEOUT.toMillis(), t -> {
                if (terminal == null) {
                    timedOut.increment();
                    LOG.info("JT/T 808 terminal cut off: not authenticated within {} s [remote: {}]",
                            AUTH_TIMEOUT.toSeconds(), socket.remoteAddress());
                    socket.close();
                }
            });
            socket.handler(this::received);
            socket.closeHandler(v -> {
                connections.decrementAndGet();
                vertx.cancelTimer(authTimer);
                droppedIncomplete.increment(reassembler.inProgress());
                heldPackageBytes.addAndGet(-reassembler.clear());
            });
            socket.exceptionHandler(e -> LOG.debug("JT/T 808 connection error [remote: {}]", socket.remoteAddress(), e));
        }

        private void received(Buffer data) {
            for (byte[] frame : framer.feed(data.getBytes())) {
                Jt808Message m;
                try {
                    m = codec.decode(frame);
                } catch (Jt808DecodeException e) {
                    bad(e.getMessage());
                    continue;
                }
                frames.increment();
                badInARow = 0;
                // answers go out in the order the frames came, each after what it carried is durable
                queue = queue.transform(x -> handle(m).recover(e -> {
                    LOG.warn("JT/T 808 message failed [terminal: {}, id: 0x{}]", m.header().terminalPhone(),
                            Integer.toHexString(m.header().messageId()), e);
                    return reply(responder.generalResponse(m.header(), Jt808GeneralResult.FAILURE));
                }));
            }
            if (framer.droppedFrames() > 0 && badInARow > MAX_BAD_FRAMES) {
                LOG.warn("JT/T 808 connection closed: nothing but malformed frames [remote: {}]", socket.remoteAddress());
                socket.close();
            }
        }

        private void bad(String why) {
            badFrames.increment();
            badInARow++;
            long now = System.currentTimeMillis();
            if (now - lastBadLog > 10_000) { // at most one line per ten seconds, whatever a hostile client sends
                lastBadLog = now;
                LOG.warn("JT/T 808 malformed frame [remote: {}, reason: {}]", socket.remoteAddress(), why);
            }
            if (badInARow > MAX_BAD_FRAMES) {
                socket.close();
            }
        }

        private Future<Void> handle(Jt808Message m) {
            Jt808Header h = m.header();
            if (h.subpackage() != null && m instanceof Jt808Message.Other p) {
                return subpackage(h, p.body());
            }
            if (m instanceof Jt808Message.Register) {
                return register(h);
            }
            if (m instanceof Jt808Message.Authenticate a) {
                return authenticate(h, a.authCode());
            }
            if (m instanceof Jt808Message.Heartbeat) {
                return reply(responder.generalResponse(h, Jt808GeneralResult.SUCCESS));
            }
            if (m instanceof Jt808Message.LocationReport lr) {
                return locations(h, List.of(lr.location()), PositionSource.POSITION_SOURCE_JT808);
            }
            if (m instanceof Jt808Message.BatchLocationUpload b) {
                return locations(h, b.locations(), b.type() == 1
                        ? PositionSource.POSITION_SOURCE_JT808_STORED : PositionSource.POSITION_SOURCE_JT808);
            }
            return h.messageId() == Jt808Codec.TERMINAL_GENERAL_RESPONSE
                    ? Future.succeededFuture() // a terminal's answer to us is never answered
                    : reply(responder.generalResponse(h, Jt808GeneralResult.UNSUPPORTED));
        }

        /** One package of a longer message: kept, or the message it completes handled as if it came whole. */
        private Future<Void> subpackage(Jt808Header h, byte[] body) {
            // packages are held in memory: only for an authenticated terminal, and within a budget for the member
            if (terminal == null || !terminal.equals(h.terminalPhone())) {
                return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
            }
            if (heldPackageBytes.get() + body.length > MAX_HELD_PACKAGE_BYTES) {
                LOG.warn("JT/T 808 package refused: the member holds {} bytes of incomplete messages [terminal: {}]",
                        heldPackageBytes.get(), terminal);
                return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
            }
            long droppedBefore = reassembler.dropped();
            long heldBefore = reassembler.heldBytes();
            Jt808Reassembler.Outcome out = reassembler.offer(h, body, System.currentTimeMillis());
            heldPackageBytes.addAndGet(reassembler.heldBytes() - heldBefore);
            droppedIncomplete.increment(reassembler.dropped() - droppedBefore);
            if (out instanceof Jt808Reassembler.Kept) {
                return reply(responder.generalResponse(h, Jt808GeneralResult.SUCCESS));
            }
            if (out instanceof Jt808Reassembler.Refused r) {
                if (h.encryption() != 0) {
                    // well formed, only not supported: answered like an encrypted message that came whole
                    return reply(responder.generalResponse(h, Jt808GeneralResult.UNSUPPORTED));
                }
                bad(r.reason());
                return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
            }
            Jt808Reassembler.Complete c = (Jt808Reassembler.Complete) out;
            Jt808Message whole;
            try {
                whole = codec.decodeBody(c.header(), c.body());
            } catch (Jt808DecodeException e) {
                bad("reassembled message: " + e.getMessage());
                return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
            }
            reassembled.increment();
            return handle(whole);
        }

        private Future<Void> register(Jt808Header h) {
            String phone = h.terminalPhone();
            return runner.run(tx -> devices.issueAuthCode(tx, phone))
                    .compose(code -> {
                        LOG.info("JT/T 808 terminal registered [terminal: {}]", phone);
                        return reply(responder.registrationResponse(h, Jt808RegistrationResult.SUCCESS, code));
                    }, e -> {
                        if (e instanceof Rejection) {
                            refused.increment();
                            return reply(responder.registrationResponse(h, Jt808RegistrationResult.NO_SUCH_TERMINAL, null));
                        }
                        return Future.failedFuture(e);
                    });
        }

        private Future<Void> authenticate(Jt808Header h, String code) {
            String phone = h.terminalPhone();
            return runner.run(tx -> devices.checkAuthCode(tx, phone, code == null ? "" : code)).compose(ok -> {
                Device d = ok ? ingest.knownDevice(phone).orElse(null) : null;
                if (d == null || d.getProtocol() != DeviceProtocol.DEVICE_PROTOCOL_JT808) {
                    refused.increment();
                    LOG.info("JT/T 808 authentication refused [terminal: {}, remote: {}]", phone, socket.remoteAddress());
                    return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
                }
                terminal = phone;
                vertx.cancelTimer(authTimer);
                return reply(responder.generalResponse(h, Jt808GeneralResult.SUCCESS));
            });
        }

        private Future<Void> locations(Jt808Header h, List<Jt808Location> locations, PositionSource source) {
            if (terminal == null || !terminal.equals(h.terminalPhone())) {
                // positions of a terminal that has not authenticated on this connection do not count
                return reply(responder.generalResponse(h, Jt808GeneralResult.FAILURE));
            }
            List<PositionIngest.Received> fixes = new ArrayList<>();
            for (Jt808Location l : locations) {
                l.fix().ifPresent(f -> fixes.add(new PositionIngest.Received(0, f)));
            }
            if (fixes.isEmpty()) {
                return reply(responder.generalResponse(h, Jt808GeneralResult.SUCCESS)); // no position fix: nothing to keep
            }
            return ingest.accept(terminal, fixes, source)
                    .compose(r -> reply(responder.generalResponse(h, Jt808GeneralResult.SUCCESS)));
        }

        private Future<Void> reply(byte[] frame) {
            return socket.write(Buffer.buffer(frame));
        }
    }
}
