package org.muster.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.Rejection;
import org.muster.server.store.StoreTransaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Runs a command for a request and sends its reply. With an {@code Idempotency-Key} header, the reply is stored in
 * the same transaction as the command's changes: a retry of the same request gets the first reply and changes
 * nothing; the same key with another request is refused.
 */
final class CommandResponder {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final CommandRunner runner;

    CommandResponder(CommandRunner runner) {
        this.runner = runner;
    }

    void respond(RoutingContext ctx, Function<StoreTransaction, Future<Reply>> command) {
        String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
        Future<Reply> reply;
        if (key == null) {
            reply = runner.run(command);
        } else {
            if (key.isBlank() || key.length() > 200) {
                throw Rejection.invalid(IDEMPOTENCY_KEY, "must be 1 to 200 characters");
            }
            String principal = Requests.actor(ctx).getSubject();
            String hash = requestHash(ctx);
            reply = runner.run(tx -> tx.storedResponse(principal, key).compose(stored -> {
                if (stored.isPresent()) {
                    if (!stored.get().requestHash().equals(hash)) {
                        return Future.failedFuture(new Rejection(ErrorCode.ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                                "Idempotency-Key " + key + " was used for a different request"));
                    }
                    return Future.succeededFuture(Reply.fromStored(new JsonObject(stored.get().body()))
                            .withHeader("Idempotent-Replayed", "true"));
                }
                return command.apply(tx).compose(r -> tx.storeResponse(principal, key,
                        new StoreTransaction.StoredResponse(hash, r.status(), r.toStored().encode())).map(r));
            }));
        }
        reply.onSuccess(r -> send(ctx, r)).onFailure(ctx::fail);
    }

    static void send(RoutingContext ctx, Reply r) {
        var res = ctx.response().setStatusCode(r.status());
        r.headers().forEach(res::putHeader);
        if (r.body() == null) {
            res.end();
        } else {
            res.putHeader("Content-Type", "application/json").end(r.body());
        }
    }

    private static String requestHash(RoutingContext ctx) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((ctx.request().method().name() + " " + ctx.request().path() + "\n").getBytes(StandardCharsets.UTF_8));
            if (ctx.body() != null && ctx.body().buffer() != null) {
                md.update(ctx.body().buffer().getBytes());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
