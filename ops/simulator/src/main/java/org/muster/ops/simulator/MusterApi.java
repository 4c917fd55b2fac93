package org.muster.ops.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** The public HTTP interface of a Muster server, as the simulator uses it: a client like any other. */
final class MusterApi {
    private final Vertx vertx;
    private final WebClient client;
    private final URI base;
    private final String token;

    MusterApi(Vertx vertx, URI base, String token) {
        this.vertx = vertx;
        this.base = base;
        this.token = token;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() < 0 ? 80 : base.getPort()).setSsl("https".equals(base.getScheme()))
                .setKeepAlive(true));
    }

    /**
     * An admin token for a server whose secret was generated into its data directory (the operator's own machine): the
     * same HS256 token the server would issue.
     */
    static String adminTokenFrom(Vertx vertx, Path dataDir, String issuer, String audience) throws IOException {
        String secret = Files.readString(dataDir.resolve("secrets").resolve("jwt-secret"), StandardCharsets.UTF_8).trim();
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(secret)));
        long now = System.currentTimeMillis() / 1000;
        return auth.generateToken(new JsonObject().put("role", "admin").put("jti", UUID.randomUUID().toString()).put("nbf", now),
                new JWTOptions().setAlgorithm("HS256").setSubject("simulator").setIssuer(issuer)
                        .setAudience(List.of(audience)).setExpiresInSeconds(7 * 86_400));
    }

    /** Waits until /health/ready answers 200. */
    Future<Void> awaitReady(long timeoutMs) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        poll(done, deadline);
        return done.future();
    }

    private void poll(Promise<Void> done, long deadline) {
        client.get("/health/ready").send().onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                done.complete();
            } else if (System.currentTimeMillis() > deadline) {
                done.fail("the server at " + base + " is not ready");
            } else {
                vertx.setTimer(1000, t -> poll(done, deadline));
            }
        });
    }

    Future<JsonObject> get(String path) {
        return call(HttpMethod.GET, path, null, null).map(r -> r.statusCode() == 404 ? null : ok(r).bodyAsJsonObject());
    }

    Future<JsonObject> post(String path, Object body, String idempotencyKey) {
        return call(HttpMethod.POST, path, body, idempotencyKey).map(r -> ok(r).bodyAsJsonObject());
    }

    Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Object body) {
        return call(method, path, body, null);
    }

    Future<JsonObject> batch(JsonArray items, String idempotencyKey) {
        return post("/api/v1/teams:batch", items, idempotencyKey);
    }

    private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, Object body, String key) {
        var req = client.request(method, path).putHeader("Authorization", "Bearer " + token);
        if (key != null) {
            req.putHeader("Idempotency-Key", key);
        }
        if (body == null) {
            return req.send();
        }
        return req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(io.vertx.core.json.Json.encode(body)));
    }

    private static HttpResponse<Buffer> ok(HttpResponse<Buffer> r) {
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("the server answered " + r.statusCode() + ": " + r.bodyAsString());
        }
        return r;
    }
}
