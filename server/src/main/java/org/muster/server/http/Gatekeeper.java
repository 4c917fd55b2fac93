package org.muster.server.http;

import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.auth.AuditLog;
import org.muster.server.auth.Principal;
import org.muster.server.auth.RateLimits;
import org.muster.server.auth.TokenService;
import org.muster.server.events.Rejection;
import org.muster.server.store.AccessStore;

import java.time.Clock;
import java.util.Set;

/**
 * The door of {@code /api}: a bearer token is verified (401 without a valid one), the caller's rate is limited (429),
 * who is asking is put in the routing context for the endpoints and commands, and every request's outcome is written
 * to the audit log when its response ends. Public paths (signing in with a one-time code) pass without a token but
 * under the stricter per-address limit.
 */
final class Gatekeeper {
    static final String PRINCIPAL = "muster.principal";

    private final TokenService tokens;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final Set<String> publicPaths;

    Gatekeeper(TokenService tokens, RateLimits limits, AuditLog audit, Clock clock, Set<String> publicPaths) {
        this.tokens = tokens;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.publicPaths = publicPaths;
    }

    static String origin(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? "" : a.hostAddress();
    }

    void handle(RoutingContext ctx) {
        String origin = origin(ctx);
        if (publicPaths.contains(ctx.request().path())) {
            auditOnEnd(ctx, "anonymous", "anonymous", origin);
            if (!admitAnonymous(ctx, origin)) {
                return;
            }
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (token == null) {
            auditOnEnd(ctx, "anonymous", "anonymous", origin);
            if (admitAnonymous(ctx, origin)) {
                unauthenticated(ctx, "send Authorization: Bearer <token>");
            }
            return;
        }
        tokens.verify(token).onComplete(ar -> {
            if (ar.failed()) {
                auditOnEnd(ctx, "anonymous", "anonymous", origin);
                if (admitAnonymous(ctx, origin)) {
                    unauthenticated(ctx, ar.cause() instanceof Rejection r ? r.getMessage() : "the token is invalid");
                }
                return;
            }
            Principal p = ar.result();
            auditOnEnd(ctx, p.subject(), p.role().claim(), origin);
            long wait = limits.forToken(p.subject() + "/" + p.tokenId());
            if (wait > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(wait));
                Problems.send(ctx, 429, ErrorCode.ERROR_CODE_RATE_LIMITED, "more than the allowed requests per second "
                        + "for this token; retry after " + wait + " s", null, null);
                return;
            }
            ctx.put(PRINCIPAL, p);
            ctx.put(Requests.ACTOR, p.actor(origin));
            ctx.next();
        });
    }

    private boolean admitAnonymous(RoutingContext ctx, String origin) {
        long wait = limits.forAnonymous(origin);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            Problems.send(ctx, 429, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many requests from this address; retry after "
                    + wait + " s", null, null);
            return false;
        }
        return true;
    }

    private static void unauthenticated(RoutingContext ctx, String why) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"muster\", error=\"invalid_token\"");
        Problems.send(ctx, 401, ErrorCode.ERROR_CODE_UNAUTHENTICATED, why, null, null);
    }

    private void auditOnEnd(RoutingContext ctx, String subject, String role, String origin) {
        String resource = ctx.request().uri();
        String method = ctx.request().method().name();
        ctx.addEndHandler(ar -> {
            int status = ctx.response().getStatusCode();
            String outcome = status == 401 ? "unauthenticated" : status == 403 ? "forbidden" : status == 429 ? "rate-limited"
                    : status >= 500 ? "failed" : status >= 400 ? "refused" : "allowed";
            audit.record(new AccessStore.AuditEntry(clock.instant(), subject, role, origin, method,
                    resource.length() > 500 ? resource.substring(0, 500) : resource, outcome, status,
                    ar.failed() ? "connection closed before the response ended" : null));
        });
    }
}
