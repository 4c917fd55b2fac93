package org.muster.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.events.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The one failure handler: renders every error as RFC 9457 {@code application/problem+json} with a stable
 * {@code code}. 5xx answers never carry the cause (it is logged here, once, with a reference the client sees).
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ErrorCode code;
        String detail;
        String field = null;
        if (failure instanceof Rejection r) {
            code = r.code();
            detail = r.getMessage();
            field = r.field();
        } else if (failure instanceof DecodeException) {
            code = ErrorCode.ERROR_CODE_MALFORMED_REQUEST;
            detail = "the body is not valid JSON";
        } else if (failure instanceof HttpException h) {
            code = fromStatus(h.getStatusCode());
            detail = h.getPayload() != null ? h.getPayload() : defaultDetail(code);
        } else if (minority(failure)) {
            code = ErrorCode.ERROR_CODE_UNAVAILABLE;
            detail = Rejection.minority().getMessage();
        } else if (failure == null) {
            code = fromStatus(ctx.statusCode());
            detail = defaultDetail(code);
        } else {
            code = ErrorCode.ERROR_CODE_INTERNAL;
            detail = null;
        }
        int status = HttpStatus.of(code);
        String ref = null;
        if (status >= 500) {
            ref = Long.toHexString(System.nanoTime());
            if (code == ErrorCode.ERROR_CODE_INTERNAL) {
                LOG.error("request failed [method: {}, path: {}, ref: {}]", ctx.request().method(), ctx.request().path(), ref, failure);
                detail = "an internal error occurred; quote reference " + ref + " to the operator";
            }
        }
        send(ctx, status, code, detail, field, ref);
    }

    /** A refusal by Hazelcast's split-brain protection, however wrapped. */
    static boolean minority(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof com.hazelcast.splitbrainprotection.SplitBrainProtectionException) {
                return true;
            }
        }
        return false;
    }

    static void send(RoutingContext ctx, int status, ErrorCode code, String detail, String field, String ref) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        if (res.headWritten()) {
            res.reset();
            return;
        }
        String name = HttpStatus.name(code);
        JsonObject body = new JsonObject()
                .put("type", "https://muster.dev/problems/" + name.toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("title", title(code))
                .put("status", status)
                .put("code", name)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (field != null) {
            body.put("field", field);
        }
        if (ref != null) {
            body.put("reference", ref);
        }
        if (code == ErrorCode.ERROR_CODE_METHOD_NOT_ALLOWED && ctx.get("allow") != null) {
            res.putHeader("Allow", ctx.<String>get("allow"));
        }
        res.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.ERROR_CODE_MALFORMED_REQUEST;
            case 401 -> ErrorCode.ERROR_CODE_UNAUTHENTICATED;
            case 403 -> ErrorCode.ERROR_CODE_FORBIDDEN;
            case 404 -> ErrorCode.ERROR_CODE_NOT_FOUND;
            case 405 -> ErrorCode.ERROR_CODE_METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.ERROR_CODE_CONFLICT;
            case 412 -> ErrorCode.ERROR_CODE_PRECONDITION_FAILED;
            case 413 -> ErrorCode.ERROR_CODE_PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.ERROR_CODE_UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.ERROR_CODE_RATE_LIMITED;
            case 503 -> ErrorCode.ERROR_CODE_UNAVAILABLE;
            default -> ErrorCode.ERROR_CODE_INTERNAL;
        };
    }

    private static String title(ErrorCode code) {
        return switch (code) {
            case ERROR_CODE_MALFORMED_REQUEST -> "Malformed request";
            case ERROR_CODE_VALIDATION_FAILED -> "Validation failed";
            case ERROR_CODE_UNAUTHENTICATED -> "Authentication required";
            case ERROR_CODE_FORBIDDEN -> "Forbidden";
            case ERROR_CODE_NOT_FOUND -> "Not found";
            case ERROR_CODE_METHOD_NOT_ALLOWED -> "Method not allowed";
            case ERROR_CODE_CONFLICT -> "Conflict";
            case ERROR_CODE_TEAM_NOT_AVAILABLE -> "Team not available";
            case ERROR_CODE_INVALID_TRANSITION -> "Transition not allowed";
            case ERROR_CODE_PRECONDITION_FAILED -> "Precondition failed";
            case ERROR_CODE_PAYLOAD_TOO_LARGE -> "Payload too large";
            case ERROR_CODE_UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case ERROR_CODE_IDEMPOTENCY_KEY_REUSED -> "Idempotency key reused";
            case ERROR_CODE_RATE_LIMITED -> "Too many requests";
            case ERROR_CODE_TOO_MANY_SUBSCRIPTIONS -> "Too many subscriptions";
            case ERROR_CODE_UNAVAILABLE -> "Service unavailable";
            case ERROR_CODE_UNKNOWN_DEVICE -> "Unknown device";
            default -> "Internal error";
        };
    }

    private static String defaultDetail(ErrorCode code) {
        return switch (code) {
            case ERROR_CODE_NOT_FOUND -> "no such resource";
            case ERROR_CODE_METHOD_NOT_ALLOWED -> "this resource does not support the method";
            case ERROR_CODE_PAYLOAD_TOO_LARGE -> "the body exceeds the size limit";
            case ERROR_CODE_UNAVAILABLE -> "the server is not ready";
            default -> title(code).toLowerCase(Locale.ROOT);
        };
    }
}
