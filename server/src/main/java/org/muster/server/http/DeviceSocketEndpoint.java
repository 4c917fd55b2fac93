package org.muster.server.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.geo.crs.Datum;
import org.muster.geo.crs.DatumConverter;
import org.muster.geo.crs.WebMercator;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.Error;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.PositionAck;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.muster.protocol.v1.PositionSource;
import org.muster.protocol.v1.Pong;
import org.muster.server.auth.AuditLog;
import org.muster.server.auth.Principal;
import org.muster.server.auth.RateLimits;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.events.Rejection;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.PositionIngest;
import org.muster.server.store.AccessStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /ws/device}: a field device sends {@code DeviceMessage}s with position batches numbered by its own sequence;
 * each batch is answered, in order, with the highest sequence number now durable. Resending is always safe (a fix
 * already stored is a duplicate). A device token speaks only for its own device: a batch naming another is refused
 * and audited. Admin tokens (gateways, the simulator) may speak for any registered device.
 */
final class DeviceSocketEndpoint implements Endpoint {
    static final String PATH = "/ws/device";
    static final int MAX_FIXES = 1000;
    private final PositionIngest ingest;
    private final TokenService tokens;
    private final RateLimits rateLimits;
    private final AuditLog audit;
    private final Clock clock;
    private final int messagesPerSecond;

    DeviceSocketEndpoint(PositionIngest ingest, TokenService tokens, RateLimits rateLimits, AuditLog audit, Clock clock,
                         int messagesPerSecond) {
        this.ingest = ingest;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.audit = audit;
        this.clock = clock;
        this.messagesPerSecond = messagesPerSecond;
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(this::handshake);
    }

    private void handshake(RoutingContext ctx) {
        String origin = Gatekeeper.origin(ctx);
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.request().getParam("access_token");
        tokens.verify(token).onComplete(ar -> {
            if (ar.failed()) {
                record("anonymous", "anonymous", origin, "unauthenticated", 401, "handshake");
                Problems.send(ctx, rateLimits.forAnonymous(origin) > 0 ? 429 : 401, ErrorCode.ERROR_CODE_UNAUTHENTICATED,
                        ar.cause().getMessage(), null, null);
                return;
            }
            Principal p = ar.result();
            if (p.role() != Role.DEVICE && p.role() != Role.ADMIN) {
                record(p.subject(), p.role().claim(), origin, "forbidden", 403, "handshake");
                Problems.send(ctx, 403, ErrorCode.ERROR_CODE_FORBIDDEN, "only device tokens send positions", null, null);
                return;
            }
            ctx.request().toWebSocket().onSuccess(ws -> {
                record(p.subject(), p.role().claim(), origin, "allowed", 101, "handshake");
                serve(ws, p, origin);
            });
        });
    }

    /** Open device sockets and how to close each once its batches are answered. */
    private final java.util.Map<ServerWebSocket, Runnable> open = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * On shutdown: every device socket stops reading, gets the answers to the batches it sent, and is closed (1001),
     * so that devices reconnect to another member at once instead of when the shutdown grace ends. Idempotent.
     */
    void drain() {
        for (ServerWebSocket ws : java.util.List.copyOf(open.keySet())) {
            Runnable r = open.remove(ws);
            if (r != null) {
                r.run();
            }
        }
    }

    /** Batches one connection may have waiting to be made durable before its socket stops reading. */
    static final int MAX_WAITING_BATCHES = 64;

    private void serve(ServerWebSocket ws, Principal p, String origin) {
        Bucket rate = Bucket.builder().addLimit(Bandwidth.builder().capacity(2L * messagesPerSecond)
                .refillGreedy(messagesPerSecond, Duration.ofSeconds(1)).build()).build();
        // batches of one connection are written as they arrive (the history gathers them with other connections'
        // into one statement), and answered in arrival order: an acknowledgement never overtakes an earlier batch's
        // answer. At most MAX_WAITING_BATCHES are unanswered, then the socket stops reading (TCP pushes back on the
        // device) until half are answered
        Future<?>[] last = {Future.succeededFuture()};
        int[] waiting = {0};
        io.vertx.core.Context socketContext = io.vertx.core.Vertx.currentContext();
        // answers are queued in order (each waits for the one before) wherever the write completed, and written by
        // one task on the socket's context for all that queued meanwhile, not one task each
        org.muster.server.live.ContextQueue<DeviceServerMessage> answers = new org.muster.server.live.ContextQueue<>(
                socketContext, MAX_WAITING_BATCHES, a -> {
                    send(ws, a.getRequestId(), a);
                    if (--waiting[0] == MAX_WAITING_BATCHES / 2) {
                        ws.resume();
                    }
                });
        open.put(ws, () -> socketContext.runOnContext(v -> {
            // shutting down: read nothing more, answer what was read, then let the device reconnect elsewhere
            ws.pause();
            last[0].onComplete(x -> ws.close((short) 1001, "server shutting down; reconnect"));
        }));
        ws.closeHandler(v -> open.remove(ws));
        ws.textMessageHandler(t -> send(ws, 0, error(0, ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "send binary DeviceMessage frames")));
        ws.binaryMessageHandler(buf -> {
            if (!rate.tryConsume(1)) {
                send(ws, 0, error(0, ErrorCode.ERROR_CODE_RATE_LIMITED, "more than " + messagesPerSecond + " messages per second"));
                ws.close((short) 1008, "rate limit");
                return;
            }
            DeviceMessage m;
            try {
                m = DeviceMessage.parseFrom(buf.getBytes());
            } catch (InvalidProtocolBufferException e) {
                send(ws, 0, error(0, ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "not a muster.v1.DeviceMessage"));
                return;
            }
            switch (m.getKindCase()) {
                case PING -> send(ws, m.getRequestId(), DeviceServerMessage.newBuilder().setRequestId(m.getRequestId())
                        .setPong(Pong.newBuilder().setClientTimeMs(m.getPing().getClientTimeMs()).setServerTimeMs(clock.millis())).build());
                case BATCH -> {
                    if (++waiting[0] >= MAX_WAITING_BATCHES) {
                        ws.pause();
                    }
                    Future<DeviceServerMessage> answer = batch(p, origin, m.getRequestId(), m.getBatch());
                    last[0] = last[0].transform(x -> answer).andThen(a -> answers.add(a.result()));
                }
                default -> send(ws, m.getRequestId(), error(m.getRequestId(), ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "empty message"));
            }
        });
    }

    /** Validates and writes one batch; the answer to send (an acknowledgement or an error), never a failed future. */
    private Future<DeviceServerMessage> batch(Principal p, String origin, long requestId, PositionBatch b) {
        if (p.role() == Role.DEVICE && !b.getDeviceId().equals(p.deviceId())) {
            record(p.subject(), p.role().claim(), origin, "forbidden", 403, "batch for device " + b.getDeviceId()
                    + " from a token of device " + p.deviceId());
            return Future.succeededFuture(error(requestId, ErrorCode.ERROR_CODE_FORBIDDEN, "this token speaks only for device " + p.deviceId()));
        }
        if (b.getFixesCount() == 0 || b.getFixesCount() > MAX_FIXES) {
            return Future.succeededFuture(error(requestId, ErrorCode.ERROR_CODE_VALIDATION_FAILED, "a batch has 1 to " + MAX_FIXES + " fixes"));
        }
        List<PositionIngest.Received> fixes = new ArrayList<>(b.getFixesCount());
        List<String> bad = new ArrayList<>();
        long maxSeq = 0;
        for (PositionFix f : b.getFixesList()) {
            maxSeq = Math.max(maxSeq, f.getSeq());
            Fix fix = toFix(f, bad);
            if (fix != null) {
                fixes.add(new PositionIngest.Received(f.getSeq(), fix));
            }
        }
        long batchMax = maxSeq;
        return ingest.accept(b.getDeviceId(), fixes, PositionSource.POSITION_SOURCE_DEVICE_STREAM)
                .map(r -> DeviceServerMessage.newBuilder().setRequestId(requestId)
                        .setAck(PositionAck.newBuilder().setDurableSeq(Math.max(batchMax, r.durableSeq()))
                                .setAccepted(r.accepted()).setDuplicates(r.duplicates())
                                .setRejected(r.rejected() + bad.size())).build())
                .recover(e -> {
                    if (e instanceof Rejection r) {
                        if (r.code() == ErrorCode.ERROR_CODE_UNKNOWN_DEVICE) {
                            record(p.subject(), p.role().claim(), origin, "refused", 403, r.getMessage());
                        }
                        return Future.succeededFuture(error(requestId, r.code(), r.getMessage()));
                    }
                    // not durable: no acknowledgement, the device keeps the fixes and sends them again
                    return Future.succeededFuture(error(requestId, ErrorCode.ERROR_CODE_UNAVAILABLE,
                            "the fixes could not be stored now; resend them"));
                });
    }

    /**
     * The fix in WGS 84: fixes in GCJ-02 (Amap, Tencent), BD-09 (Baidu) and Web Mercator are converted here, at the
     * edge; CGCS2000 equals WGS 84 within centimetres. Out-of-range fixes are refused (and counted in the
     * acknowledgement).
     */
    static Fix toFix(PositionFix f, List<String> bad) {
        double lon = f.getLon();
        double lat = f.getLat();
        try {
            double[] wgs = switch (f.getCrs()) {
                case COORDINATE_SYSTEM_GCJ02 -> DatumConverter.toWgs84(Datum.GCJ02, lon, lat);
                case COORDINATE_SYSTEM_BD09 -> DatumConverter.toWgs84(Datum.BD09, lon, lat);
                case COORDINATE_SYSTEM_WEB_MERCATOR -> WebMercator.toWgs84(lon, lat);
                default -> new double[] {lon, lat};
            };
            return new Fix(f.getTimeMs(), wgs[0], wgs[1], f.hasAccuracyM() ? f.getAccuracyM() : null,
                    f.hasSpeedMps() ? f.getSpeedMps() : null, f.hasHeadingDeg() ? f.getHeadingDeg() : null,
                    f.hasAltitudeM() ? f.getAltitudeM() : null, f.hasBattery() ? f.getBattery() : null);
        } catch (IllegalArgumentException e) {
            bad.add("seq " + f.getSeq() + ": " + e.getMessage());
            return null;
        }
    }

    private static DeviceServerMessage error(long requestId, ErrorCode code, String message) {
        return DeviceServerMessage.newBuilder().setRequestId(requestId)
                .setError(Error.newBuilder().setCode(code).setMessage(message).setRequestId(requestId)).build();
    }

    private static void send(ServerWebSocket ws, long requestId, DeviceServerMessage m) {
        if (!ws.isClosed()) {
            try {
                ws.writeBinaryMessage(Buffer.buffer(m.toByteArray())); // a failed write is a closed device: it resends
            } catch (IllegalStateException closedMeanwhile) {
                // the device went away between the check and the write; it resends what was not acknowledged
            }
        }
    }

    private void record(String subject, String role, String origin, String outcome, int status, String detail) {
        audit.record(new AccessStore.AuditEntry(clock.instant(), subject, role, origin, "WEBSOCKET", PATH, outcome, status, detail));
    }
}
