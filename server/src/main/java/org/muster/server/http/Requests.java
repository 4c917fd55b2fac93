package org.muster.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.events.Rejection;

import java.util.Locale;
import java.util.OptionalLong;

/** Reading requests: bodies, preconditions, paging, and who is asking. */
final class Requests {
    static final String MERGE_PATCH = "application/merge-patch+json";
    /** Key under which the authenticated actor is put in the routing context (see the auth stage). */
    static final String ACTOR = "muster.actor";

    private Requests() {
    }

    static JsonObject object(RoutingContext ctx) {
        Object v = parse(ctx);
        if (!(v instanceof JsonObject o)) {
            throw new Rejection(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return o;
    }

    static JsonArray array(RoutingContext ctx) {
        Object v = parse(ctx);
        if (!(v instanceof JsonArray a)) {
            throw new Rejection(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "the body must be a JSON array");
        }
        return a;
    }

    private static Object parse(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.equals(MERGE_PATCH)) {
            throw new Rejection(ErrorCode.ERROR_CODE_UNSUPPORTED_MEDIA_TYPE,
                    "send Content-Type: application/json" + (ctx.request().method().name().equals("PATCH")
                            ? " or " + MERGE_PATCH : ""));
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new Rejection(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "the body is empty");
        }
        try {
            return io.vertx.core.json.Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new Rejection(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "the body is not valid JSON");
        }
    }

    /** If-Match as a version: {@code "3"}, {@code W/"3"} or {@code 3}; absent when the header is absent. */
    static OptionalLong ifMatch(RoutingContext ctx) {
        String h = ctx.request().getHeader("If-Match");
        if (h == null || h.isBlank()) {
            return OptionalLong.empty();
        }
        String v = h.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw Rejection.invalid("If-Match", "must be an entity tag this server gave (a version number)");
        }
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    static Actor actor(RoutingContext ctx) {
        Actor a = ctx.get(ACTOR);
        if (a != null) {
            return a;
        }
        return Actor.newBuilder().setSubject("anonymous").setRole("anonymous")
                .setOrigin(String.valueOf(ctx.request().remoteAddress())).build();
    }

    static int limit(RoutingContext ctx, int dflt, int max) {
        String s = ctx.request().getParam("limit");
        if (s == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the rejection
        }
        throw Rejection.invalid("limit", "must be an integer from 1 to " + max);
    }
}
