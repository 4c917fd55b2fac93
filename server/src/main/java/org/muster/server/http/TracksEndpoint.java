package org.muster.server.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.PositionSource;
import org.muster.server.auth.Principal;
import org.muster.server.auth.Role;
import org.muster.server.events.Rejection;
import org.muster.server.ingest.Fix;
import org.muster.server.ingest.PositionIngest;
import org.muster.server.ingest.gpx.GpxDecodeException;
import org.muster.server.ingest.gpx.GpxDecoder;
import org.muster.server.ingest.gpx.GpxResult;
import org.muster.server.ingest.nmea.NmeaDecodeException;
import org.muster.server.ingest.nmea.NmeaDecoder;
import org.muster.server.ingest.nmea.NmeaResult;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Offline tracks ({@code POST /api/v1/devices/{id}/tracks}): what a device recorded while communications, roads or
 * power were cut, as GPX 1.1 or NMEA 0183 text, back-filled into the location history; the team's live position
 * moves only if the track holds a newer fix. Sent by the device itself (a device token) or by whoever may write its
 * team. Bodies up to {@value #MAX_BYTES} bytes; the format comes from the Content-Type ({@code application/gpx+xml},
 * {@code application/xml}, {@code text/xml}; {@code text/plain}, {@code application/x-nmea}), else from the first
 * character. Written in statements of {@value #CHUNK} fixes; a retry of the same upload stores nothing twice.
 */
final class TracksEndpoint implements Endpoint {
    static final int MAX_BYTES = 64 * 1024 * 1024;
    static final int CHUNK = 2_000;
    static final String PATH = "/api/v1/devices/:id/tracks";
    private final Vertx vertx;
    private final org.muster.server.live.LivePicture live;
    private final PositionIngest ingest;

    TracksEndpoint(Vertx vertx, org.muster.server.live.LivePicture live, PositionIngest ingest) {
        this.vertx = vertx;
        this.live = live;
        this.ingest = ingest;
    }

    static boolean isTracks(String path) {
        return path.startsWith("/api/v1/devices/") && path.endsWith("/tracks");
    }

    @Override
    public void mount(Router router) {
        // the role is checked before the body is read (a route cannot read a body after a plain handler)
        router.post(PATH).handler(Access.allow(EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE, Role.DEVICE)));
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES)).handler(this::upload);
    }

    private void upload(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal p = Access.principal(ctx);
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        boolean gpx = isGpx(ctx.request().getHeader("Content-Type"), body);
        // the device as its owner holds it: one registered a moment ago (through any member) is found
        live.deviceNow(id).compose(found -> {
            Device device = found.orElseThrow(() -> Rejection.notFound("device", id));
            if (p.role() == Role.DEVICE ? !id.equals(p.deviceId()) : !(p.role() == Role.ADMIN || p.covers(device.getRegionCode()))) {
                throw new Rejection(ErrorCode.ERROR_CODE_FORBIDDEN, p.role() == Role.DEVICE
                        ? "a device uploads only its own tracks" : "device " + id + " belongs to region " + device.getRegionCode()
                        + ", outside this token's regions");
            }
            if (body.length == 0) {
                throw Rejection.invalid("body", "send the track: GPX 1.1 or NMEA 0183 text");
            }
            return vertx.<Decoded>executeBlocking(() -> gpx ? gpx(body) : nmea(body), false)
                    .compose(d -> store(device, d.fixes()).map(stored -> new Stored(d, stored)));
        }).map(x -> x.stored().put("format", gpx ? "GPX" : "NMEA").put("summary", x.decoded().summary()))
                .onSuccess(r -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(r.encode()))
                .onFailure(ctx::fail);
    }

    private record Decoded(List<Fix> fixes, JsonObject summary) {
    }

    private record Stored(Decoded decoded, JsonObject stored) {
    }

    static boolean isGpx(String contentType, byte[] body) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (t.contains("gpx") || t.contains("xml")) {
            return true;
        }
        if (t.startsWith("text/plain") || t.contains("nmea")) {
            return false;
        }
        for (byte b : body) {
            if (b == '<') {
                return true;
            }
            if (b == '$' || b == '!') {
                return false;
            }
        }
        return false;
    }

    private static Decoded gpx(byte[] body) {
        try {
            GpxResult r = new GpxDecoder().decode(body);
            return new Decoded(r.fixes(), new JsonObject().put("points", r.points()).put("withoutTime", r.withoutTime())
                    .put("invalid", r.invalid()));
        } catch (GpxDecodeException e) {
            throw Rejection.invalid("body", "not a usable GPX document: " + e.getMessage());
        }
    }

    private static Decoded nmea(byte[] body) {
        try {
            NmeaResult r = new NmeaDecoder().decode(body);
            if (r.sentences() == 0) {
                throw Rejection.invalid("body", "no NMEA 0183 sentence found");
            }
            return new Decoded(r.fixes(), new JsonObject().put("sentences", r.sentences()).put("badChecksums", r.badChecksums())
                    .put("ignored", r.ignored()).put("noFix", r.noFix()).put("invalid", r.invalid()).put("undated", r.undated()));
        } catch (NmeaDecodeException e) {
            throw Rejection.invalid("body", e.getMessage());
        }
    }

    /** Stores the fixes in chunks, one after the other; the answer counts what was new and what the store had. */
    private Future<JsonObject> store(Device device, List<Fix> fixes) {
        String deviceId = device.getId();
        int[] totals = new int[3];
        List<String> reasons = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < fixes.size(); from += CHUNK) {
            List<PositionIngest.Received> chunk = new ArrayList<>();
            for (Fix f : fixes.subList(from, Math.min(fixes.size(), from + CHUNK))) {
                chunk.add(new PositionIngest.Received(0, f));
            }
            chain = chain.compose(v -> ingest.accept(device, chunk, PositionSource.POSITION_SOURCE_TRACK_UPLOAD).map(r -> {
                totals[0] += r.accepted();
                totals[1] += r.duplicates();
                totals[2] += r.rejected();
                if (reasons.size() < 5) {
                    reasons.addAll(r.reasons().subList(0, Math.min(r.reasons().size(), 5 - reasons.size())));
                }
                return null;
            }));
        }
        return chain.map(v -> new JsonObject().put("deviceId", deviceId).put("fixes", fixes.size()).put("stored", totals[0])
                .put("duplicates", totals[1]).put("refused", totals[2]).put("reasons", new JsonArray(reasons))
                .put("first", fixes.isEmpty() ? null : TeamJson.time(fixes.stream().mapToLong(Fix::timeMs).min().getAsLong()))
                .put("last", fixes.isEmpty() ? null : TeamJson.time(fixes.stream().mapToLong(Fix::timeMs).max().getAsLong())));
    }
}
