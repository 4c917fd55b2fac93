package org.muster.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.auth.AuditLog;
import org.muster.server.auth.Principal;
import org.muster.server.auth.RateLimits;
import org.muster.server.auth.TokenService;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.muster.server.push.ConsoleHub;
import org.muster.server.push.ConsoleHubs;
import org.muster.server.replay.Consultations;
import org.muster.server.store.AccessStore;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The handshake of {@code /ws/console}: the Origin must be the server's own or an allowed one; the token comes in the
 * Authorization header or, for browsers (which cannot set headers on a WebSocket), the {@code access_token} query
 * parameter; the role must be one that reads. Every decision is audited. The accepted socket goes to this event
 * loop's {@link ConsoleHub}.
 */
final class ConsoleSocketEndpoint implements Endpoint {
    static final String PATH = "/ws/console";
    private final Vertx vertx;
    private final LivePicture live;
    private final ConsoleHubs hubs;
    private final ConsoleHub.Limits limits;
    private final TokenService tokens;
    private final RateLimits rateLimits;
    private final AuditLog audit;
    private final List<String> allowedOrigins;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final List<Runnable> onStop;
    private final Consultations consultations;

    ConsoleSocketEndpoint(Vertx vertx, LivePicture live, ConsoleHubs hubs, ConsoleHub.Limits limits, TokenService tokens,
                          RateLimits rateLimits, AuditLog audit, List<String> allowedOrigins, Clock clock,
                          MeterRegistry metrics, List<Runnable> onStop, Consultations consultations) {
        this.consultations = consultations;
        this.vertx = vertx;
        this.live = live;
        this.hubs = hubs;
        this.limits = limits;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.audit = audit;
        this.allowedOrigins = allowedOrigins;
        this.clock = clock;
        this.metrics = metrics;
        this.onStop = onStop;
    }

    @Override
    public void mount(Router router) {
        // streams time their network matters (idle, heartbeats, resume window, slow consumers) by the wall clock, not by
        // the domain clock that tests move forward to fire status timers
        ConsoleHub hub = new ConsoleHub(vertx.getOrCreateContext(), live, hubs, java.time.Clock.systemUTC(), limits, metrics,
                consultations);
        hub.start();
        onStop.add(hub::stop);
        router.get(PATH).handler(ctx -> handshake(ctx, hub));
    }

    private void handshake(RoutingContext ctx, ConsoleHub hub) {
        String origin = Gatekeeper.origin(ctx);
        if (!originAllowed(ctx)) {
            deny(ctx, 403, ErrorCode.ERROR_CODE_FORBIDDEN, "origin " + ctx.request().getHeader("Origin") + " is not allowed", origin);
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.request().getParam("access_token");
        tokens.verify(token).onComplete(ar -> {
            if (ar.failed()) {
                if (rateLimits.forAnonymous(origin) > 0) {
                    deny(ctx, 429, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many attempts from this address", origin);
                } else {
                    deny(ctx, 401, ErrorCode.ERROR_CODE_UNAUTHENTICATED,
                            ar.cause() instanceof Rejection r ? r.getMessage() : "invalid token", origin);
                }
                return;
            }
            Principal p = ar.result();
            if (!Access.READERS.contains(p.role())) {
                deny(ctx, 403, ErrorCode.ERROR_CODE_FORBIDDEN, "the role " + p.role().claim() + " has no console", origin);
                return;
            }
            if (rateLimits.forToken(p.subject() + "/" + p.tokenId()) > 0) {
                deny(ctx, 429, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many requests for this token", origin);
                return;
            }
            ctx.request().toWebSocket().onSuccess(ws -> {
                record(p.subject(), p.role().claim(), origin, "allowed", 101, null);
                hub.accept(ws, p);
            }).onFailure(e -> record(p.subject(), p.role().claim(), origin, "refused", 400, "not a WebSocket upgrade"));
        });
    }

    /**
     * Browsers send Origin; a page of another site must not ride on a user's token. Allowed: no Origin (not a browser),
     * the server's own origin, or one of {@code ws.allowed.origins} ("*" allows any).
     */
    private boolean originAllowed(RoutingContext ctx) {
        String o = ctx.request().getHeader("Origin");
        if (o == null || allowedOrigins.contains("*") || allowedOrigins.contains(o)) {
            return true;
        }
        String host = ctx.request().getHeader("Host");
        String lower = o.toLowerCase(Locale.ROOT);
        return host != null && (lower.equals("http://" + host.toLowerCase(Locale.ROOT))
                || lower.equals("https://" + host.toLowerCase(Locale.ROOT)));
    }

    private void deny(RoutingContext ctx, int status, ErrorCode code, String why, String origin) {
        record("anonymous", "anonymous", origin, status == 401 ? "unauthenticated" : status == 429 ? "rate-limited" : "forbidden",
                status, why);
        Problems.send(ctx, status, code, why, null, null);
    }

    private void record(String subject, String role, String origin, String outcome, int status, String detail) {
        audit.record(new AccessStore.AuditEntry(clock.instant(), subject, role, origin, "WEBSOCKET", PATH, outcome, status, detail));
    }
}
