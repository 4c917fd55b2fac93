package org.muster.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.config.MusterConfig;
import org.muster.server.events.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Issues and verifies tokens. Accepted: HS256 tokens signed with the configured (or generated) secret, and RS256
 * tokens whose key is in the JWKS at the one configured URL (fetched at start and every 15 minutes). Nothing else:
 * no {@code none}, no other algorithm, no key from a URL a token names. {@code iss}, {@code aud}, {@code exp} and
 * {@code nbf} are checked (30 s leeway for clocks); a token without {@code exp} is refused.
 *
 * <p>Thread-safe: the verifier is replaced atomically when the JWKS is refreshed.
 */
public final class TokenService {
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    static final int LEEWAY_SECONDS = 30;
    private static final Duration JWKS_REFRESH = Duration.ofMinutes(15);
    private static final Duration MAX_TTL = Duration.ofDays(366);

    private final Vertx vertx;
    private final MusterConfig.Auth config;
    private final String secret;
    private final Clock clock;
    private final JWTAuth issuer;
    private volatile JWTAuth verifier;

    public TokenService(Vertx vertx, MusterConfig.Auth config, String secret, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.secret = secret;
        this.clock = clock;
        this.issuer = JWTAuth.create(vertx, options(List.of()));
        this.verifier = issuer;
    }

    /** Loads the JWKS when one is configured; a start without it fails rather than refusing every RS256 token. */
    public Future<Void> start() {
        if (config.jwksUrl().isEmpty()) {
            return Future.succeededFuture();
        }
        vertx.setPeriodic(JWKS_REFRESH.toMillis(), JWKS_REFRESH.toMillis(), t -> refreshJwks()
                .onFailure(e -> LOG.warn("jwks refresh failed; keeping the previous keys [url: {}]", config.jwksUrl().get(), e)));
        return refreshJwks();
    }

    private Future<Void> refreshJwks() {
        String url = config.jwksUrl().orElseThrow();
        var client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(10_000))
                .compose(req -> req.send())
                .compose(res -> {
                    if (res.statusCode() != 200) {
                        return Future.failedFuture("JWKS answered " + res.statusCode());
                    }
                    return res.body();
                })
                .map(body -> {
                    JsonArray keys = new JsonObject(body).getJsonArray("keys", new JsonArray());
                    List<JsonObject> rsa = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        JsonObject k = keys.getJsonObject(i);
                        if ("RSA".equals(k.getString("kty")) && "RS256".equals(k.getString("alg", "RS256"))
                                && !"enc".equals(k.getString("use"))) {
                            rsa.add(k.copy().put("alg", "RS256"));
                        }
                    }
                    verifier = JWTAuth.create(vertx, options(rsa));
                    LOG.info("jwks loaded [url: {}, keys: {}]", url, rsa.size());
                    return (Void) null;
                })
                .eventually(() -> client.close());
    }

    private JWTAuthOptions options(List<JsonObject> jwks) {
        JWTAuthOptions o = new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(new JWTOptions().setIssuer(config.issuer()).setAudience(List.of(config.audience()))
                        .setLeeway(LEEWAY_SECONDS));
        jwks.forEach(o::addJwk);
        return o;
    }

    /** Verifies a token and reads its claims; fails with UNAUTHENTICATED saying why (never with the token itself). */
    public Future<Principal> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Future.failedFuture(unauthenticated("no bearer token"));
        }
        return verifier.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(unauthenticated("the token is invalid or expired")))
                .compose(user -> {
                    // vertx-auth-jwt keeps the decoded payload under attributes.accessToken
                    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
                    if (!claims.containsKey("exp")) {
                        return Future.failedFuture(unauthenticated("the token has no expiry"));
                    }
                    String sub = claims.getString("sub");
                    Role role = Role.fromClaim(String.valueOf(claims.getValue("role"))).orElse(null);
                    if (sub == null || sub.isBlank() || role == null) {
                        return Future.failedFuture(unauthenticated("the token lacks a subject or a known role"));
                    }
                    List<String> regions = new ArrayList<>();
                    Object r = claims.getValue("regions");
                    if (r instanceof JsonArray a) {
                        for (Object o : a) {
                            if (!(o instanceof String s) || !s.matches("\\d{6}")) {
                                return Future.failedFuture(unauthenticated("the token's regions are not GB/T 2260 codes"));
                            }
                            regions.add(s);
                        }
                    }
                    String device = claims.getString("device", "");
                    if (role == Role.DEVICE && device.isEmpty()) {
                        return Future.failedFuture(unauthenticated("a device token must name its device"));
                    }
                    if (role == Role.REGIONAL_CENTRE && regions.isEmpty()) {
                        return Future.failedFuture(unauthenticated("a regional-centre token must name its regions"));
                    }
                    return Future.succeededFuture(new Principal(sub, role, regions, device, claims.getString("jti", "")));
                });
    }

    /** A token Muster issues, and when it expires. */
    public record Issued(String token, String tokenId, Instant expiresAt, Principal principal) {
    }

    public Issued issue(String subject, Role role, List<String> regions, String deviceId, Duration ttl) {
        Duration lifetime = ttl == null ? config.tokenTtl() : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TTL) > 0) {
            throw Rejection.invalid("ttlSeconds", "must be from 1 second to 366 days");
        }
        String jti = UUID.randomUUID().toString();
        long now = clock.instant().getEpochSecond();
        JsonObject claims = new JsonObject().put("role", role.claim()).put("jti", jti).put("nbf", now);
        if (!regions.isEmpty()) {
            claims.put("regions", new JsonArray(regions));
        }
        if (deviceId != null && !deviceId.isEmpty()) {
            claims.put("device", deviceId);
        }
        String token = issuer.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
                .setSubject(subject).setIssuer(config.issuer()).setAudience(List.of(config.audience()))
                .setExpiresInSeconds((int) lifetime.toSeconds()));
        return new Issued(token, jti, Instant.ofEpochSecond(now).plus(lifetime),
                new Principal(subject, role, regions, deviceId == null ? "" : deviceId, jti));
    }

    private static Rejection unauthenticated(String why) {
        return new Rejection(ErrorCode.ERROR_CODE_UNAUTHENTICATED, why);
    }

    /**
     * The HS256 secret: the configured one, or one generated on the first start and kept in
     * {@code <dataDir>/secrets/jwt-secret} (mode 600). Returns the secret and whether it was generated.
     */
    public static Secret loadOrCreateSecret(MusterConfig.Auth config, Path dataDir) {
        if (config.jwtSecret().isPresent()) {
            return new Secret(config.jwtSecret().get(), false, false);
        }
        Path file = dataDir.resolve("secrets").resolve("jwt-secret");
        try {
            if (Files.exists(file)) {
                return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim(), true, false);
            }
            Files.createDirectories(file.getParent());
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
            byte[] b = new byte[48];
            new SecureRandom().nextBytes(b);
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Path tmp = file.resolveSibling("jwt-secret.tmp");
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return new Secret(s, true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token secret in " + file, e);
        }
    }

    /**
     * @param generated kept in the data directory rather than configured
     * @param createdNow made by this start (the first start of this data directory)
     */
    public record Secret(String value, boolean generated, boolean createdNow) {
        @Override
        public String toString() {
            return "Secret[(hidden), generated=" + generated + ", createdNow=" + createdNow + "]";
        }
    }
}
