package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;

/**
 * Muster's REST API as the load generator uses it, the way the simulator does: a bearer token on every request.
 * Thread-safe (a Vert.x WebClient); answers complete on the caller's context.
 */
final class MusterApi {
    private final Vertx vertx;
    private final WebClient client;
    private final URI base;
    private volatile String token;

    MusterApi(Vertx vertx, URI base, int poolSize) {
        this.vertx = vertx;
        this.base = base;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(port(base)).setSsl("https".equals(base.getScheme())).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(poolSize));
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    String token() {
        return token;
    }

    void useToken(String jwt) {
        this.token = jwt;
    }

    /** Trades the one-time code of a sign-in link ({@code ...#login=CODE}) for a token (POST /api/v1/auth/exchange). */
    Future<String> exchange(String loginLink) {
        int at = loginLink.indexOf("login=");
        if (at < 0) {
            return Future.failedFuture("the login link has no '#login=' code: " + loginLink);
        }
        String code = loginLink.substring(at + "login=".length()).replaceAll("[&#].*$", "");
        return client.post("/api/v1/auth/exchange").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("code", code).encode()))
                .map(r -> ok(r).bodyAsJsonObject().getString("token"));
    }

    /** Waits until /health/ready answers 200. */
    Future<Void> awaitReady(long timeoutMs) {
        Promise<Void> done = Promise.promise();
        poll(done, System.currentTimeMillis() + timeoutMs);
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

    /** Any request; the answer is returned whatever its status. */
    Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Object body) {
        var req = client.request(method, path).putHeader("Authorization", "Bearer " + token);
        if (body == null) {
            return req.send();
        }
        return req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Json.encode(body)));
    }

    /** A request whose answer must be 2xx; its JSON body. */
    Future<JsonObject> call(HttpMethod method, String path, Object body) {
        return send(method, path, body).map(r -> {
            ok(r);
            return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
        });
    }

    static HttpResponse<Buffer> ok(HttpResponse<Buffer> r) {
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("the server answered " + r.statusCode() + ": " + r.bodyAsString());
        }
        return r;
    }
}
