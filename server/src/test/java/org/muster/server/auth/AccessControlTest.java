package org.muster.server.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication, roles, region scopes, rate limits and the audit log, against a real member. */
class AccessControlTest {
    private static TestMember member;
    private static Vertx vertx;
    private static HttpServer jwksServer;
    private static JWTAuth rsaSigner;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", "k1").put("alg", "RS256").put("use", "sig")
                .put("n", b64.encodeToString(unsigned(pub.getModulus().toByteArray())))
                .put("e", b64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())));
        jwksServer = vertx.createHttpServer()
                .requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        rsaSigner = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("RS256").setId("k1").setBuffer(pem)));
        member = new TestMember.Cluster(1).start(0, Map.of(
                "MUSTER_AUTH_JWKS_URL", "http://127.0.0.1:" + jwksServer.actualPort() + "/jwks.json",
                "MUSTER_HTTP_RATE_LIMIT", "5"));
    }

    @AfterAll
    static void stop() {
        member.close();
        vertx.close();
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static JsonObject team(String id, String region) {
        return new JsonObject().put("id", id).put("name", "队伍 " + id).put("tier", "SOCIAL").put("regionCode", region)
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(104.0).add(30.6)));
    }

    private static HttpResponse<Buffer> as(String token, HttpMethod m, String path, Object body) {
        return member.send(m, path, body, Map.of("Authorization", token == null ? "" : "Bearer " + token));
    }

    private static String hs256(JsonObject claims, String secret, JWTOptions options) {
        JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(secret)));
        return signer.generateToken(claims, options);
    }

    private static JWTOptions valid() {
        return new JWTOptions().setAlgorithm("HS256").setIssuer("muster").setAudience(List.of("muster"))
                .setSubject("someone").setExpiresInSeconds(600);
    }

    @Test
    void withoutATokenTheApiIs401AndTheDecisionIsAudited() throws Exception {
        HttpResponse<Buffer> r = as(null, HttpMethod.GET, "/api/v1/teams?probe=" + UUID.randomUUID(), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
        String probe = r.bodyAsJsonObject().getString("instance");
        assertThat(probe).isEqualTo("/api/v1/teams");
        awaitAudit("outcome = 'unauthenticated' AND status = 401");
    }

    @Test
    void healthNeedsNoToken() {
        assertThat(as(null, HttpMethod.GET, "/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        String forged = hs256(new JsonObject().put("role", "admin"), "another-secret-0123456789-abcdefghijklmnop", valid());
        assertThat(as(forged, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIs401() {
        long past = System.currentTimeMillis() / 1000 - 3600;
        String expired = hs256(new JsonObject().put("role", "admin").put("exp", past).put("iat", past - 600),
                TestMember.SECRET, new JWTOptions().setAlgorithm("HS256").setIssuer("muster")
                        .setAudience(List.of("muster")).setSubject("late").setNoTimestamp(true));
        assertThat(as(expired, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutExpiryIs401() {
        String forever = hs256(new JsonObject().put("role", "admin"), TestMember.SECRET,
                new JWTOptions().setAlgorithm("HS256").setIssuer("muster").setAudience(List.of("muster")).setSubject("x"));
        assertThat(as(forever, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongAudienceOrIssuerIs401() {
        String otherAud = hs256(new JsonObject().put("role", "admin"), TestMember.SECRET,
                valid().setAudience(List.of("someone-else")));
        String otherIss = hs256(new JsonObject().put("role", "admin"), TestMember.SECRET, valid().setIssuer("evil"));
        assertThat(as(otherAud, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
        assertThat(as(otherIss, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnsignedAlgNoneTokenIs401() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = System.currentTimeMillis() / 1000 + 600;
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(new JsonObject().put("sub", "x").put("role", "admin").put("iss", "muster")
                .put("aud", "muster").put("exp", exp).encode().getBytes(StandardCharsets.UTF_8)) + ".";
        assertThat(as(none, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(401);
    }

    @Test
    void rs256TokensFromTheConfiguredJwksAreAccepted() {
        String token = rsaSigner.generateToken(new JsonObject().put("role", "observer"), new JWTOptions()
                .setAlgorithm("RS256").setIssuer("muster").setAudience(List.of("muster")).setSubject("sso-user")
                .setExpiresInSeconds(600));
        HttpResponse<Buffer> r = as(token, HttpMethod.GET, "/api/v1/auth/me", null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("subject")).isEqualTo("sso-user");
        assertThat(r.bodyAsJsonObject().getString("role")).isEqualTo("observer");
    }

    @Test
    void anObserverReadsButMayNotWrite() {
        String observer = member.token("watcher", Role.OBSERVER, List.of(), null);
        assertThat(as(observer, HttpMethod.GET, "/api/v1/teams", null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> r = as(observer, HttpMethod.POST, "/api/v1/teams", team("OBS-1", "510100"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void aDeviceMayNotReadTheSituation() {
        String device = member.token("phone-7", Role.DEVICE, List.of(), "phone-7");
        assertThat(as(device, HttpMethod.GET, "/api/v1/incidents", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRegionalCentreWritesOnlyTeamsOfItsOwnRegion() {
        String sichuan = member.token("sichuan-centre", Role.REGIONAL_CENTRE, List.of("510000"), null);
        assertThat(as(sichuan, HttpMethod.POST, "/api/v1/teams", team("SC-OWN-1", "511800")).statusCode()).isEqualTo(201);
        HttpResponse<Buffer> foreign = as(sichuan, HttpMethod.POST, "/api/v1/teams", team("HN-1", "410100"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(member.get("/api/v1/teams/HN-1").statusCode()).isEqualTo(404);
        // moving its own team into another province is refused as well
        HttpResponse<Buffer> move = as(sichuan, HttpMethod.PATCH, "/api/v1/teams/SC-OWN-1", new JsonObject().put("regionCode", "410100"));
        assertThat(move.statusCode()).isEqualTo(403);
        // and it may not report incidents
        JsonObject incident = new JsonObject().put("type", "FLOOD").put("severity", "IV").put("regionCode", "511800")
                .put("location", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(103.0).add(30.0)));
        assertThat(as(sichuan, HttpMethod.POST, "/api/v1/incidents", incident).statusCode()).isEqualTo(403);
    }

    @Test
    void onlyAnAdminIssuesTokensAndTheyWork() {
        String dispatcher = member.token("duty-officer", Role.DISPATCHER, List.of(), null);
        JsonObject ask = new JsonObject().put("subject", "henan-centre").put("role", "regional-centre")
                .put("regions", new JsonArray().add("410000"));
        assertThat(as(dispatcher, HttpMethod.POST, "/api/v1/tokens", ask).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> issued = member.post("/api/v1/tokens", ask);
        assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
        String henan = issued.bodyAsJsonObject().getString("token");
        assertThat(as(henan, HttpMethod.POST, "/api/v1/teams", team("HN-OWN-1", "410100")).statusCode()).isEqualTo(201);
        assertThat(member.post("/api/v1/tokens", new JsonObject().put("subject", "x").put("role", "regional-centre"))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void aLoginLinkSignsInOnceOnly() {
        HttpResponse<Buffer> link = member.post("/api/v1/login-links", new JsonObject().put("subject", "new-dispatcher")
                .put("role", "dispatcher").put("regions", new JsonArray().add("510000")));
        assertThat(link.statusCode()).isEqualTo(201);
        String code = link.bodyAsJsonObject().getString("code");
        assertThat(link.bodyAsJsonObject().getString("path")).isEqualTo("/#login=" + code);
        HttpResponse<Buffer> first = as(null, HttpMethod.POST, "/api/v1/auth/exchange", new JsonObject().put("code", code));
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
        String token = first.bodyAsJsonObject().getString("token");
        JsonObject me = as(token, HttpMethod.GET, "/api/v1/auth/me", null).bodyAsJsonObject();
        assertThat(me.getString("subject")).isEqualTo("new-dispatcher");
        assertThat(me.getJsonArray("regions")).containsExactly("510000");
        HttpResponse<Buffer> again = as(null, HttpMethod.POST, "/api/v1/auth/exchange", new JsonObject().put("code", code));
        assertThat(again.statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenThatSendsTooFastIsLimitedWith429() {
        String busy = member.token("busy-" + UUID.randomUUID(), Role.OBSERVER, List.of(), null);
        int limited = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<Buffer> r = as(busy, HttpMethod.GET, "/api/v1/capabilities", null);
            if (r.statusCode() == 429) {
                limited++;
                assertThat(r.getHeader("Retry-After")).isNotBlank();
                assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
            }
        }
        assertThat(limited).isPositive();
        // another token is not slowed by the first one's flood
        String calm = member.token("calm-" + UUID.randomUUID(), Role.OBSERVER, List.of(), null);
        assertThat(as(calm, HttpMethod.GET, "/api/v1/capabilities", null).statusCode()).isEqualTo(200);
    }

    private static void awaitAudit(String condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (member.count("SELECT count(*) FROM audit_log WHERE " + condition) == 0) {
            assertThat(System.currentTimeMillis()).as("audit entry " + condition).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
