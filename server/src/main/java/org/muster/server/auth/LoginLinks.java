package org.muster.server.auth;

import io.vertx.core.Future;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.events.Rejection;
import org.muster.server.store.AccessStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One-time sign-in codes: a link with a code opens the console signed in. The store keeps only the code's hash; a
 * code works once (on any member) before it expires. Thread-safe.
 */
public final class LoginLinks {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AccessStore store;
    private final TokenService tokens;
    private final Clock clock;

    public LoginLinks(AccessStore store, TokenService tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    public record Created(String code, Instant expiresAt) {
    }

    public Future<Created> create(String subject, Role role, List<String> regions, Duration validFor, String createdBy) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant expires = clock.instant().plus(validFor);
        return store.createLoginLink(new AccessStore.LoginLink(hash(code), subject, role.claim(), regions, expires, createdBy))
                .map(v -> new Created(code, expires));
    }

    /** Exchanges a code for a token of the code's subject and role. */
    public Future<TokenService.Issued> exchange(String code) {
        if (code == null || code.isBlank() || code.length() > 200) {
            return Future.failedFuture(refused());
        }
        return store.consumeLoginLink(hash(code), clock.instant()).compose(link -> {
            if (link.isEmpty()) {
                return Future.failedFuture(refused());
            }
            Role role = Role.fromClaim(link.get().role()).orElseThrow();
            return Future.succeededFuture(tokens.issue(link.get().subject(), role, link.get().regions(), "", null));
        });
    }

    private static Rejection refused() {
        return new Rejection(ErrorCode.ERROR_CODE_UNAUTHENTICATED, "the sign-in code is unknown, used or expired");
    }

    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
