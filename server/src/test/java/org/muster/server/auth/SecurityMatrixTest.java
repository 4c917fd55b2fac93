package org.muster.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every documented route (docs/openapi.yaml, which another test keeps equal to the router) and
 * both WebSockets: allowed roles get past authorization, denied ones get 403 FORBIDDEN, and every denial is audited.
 * The expected policy is written here, independently of the server's code; a new route that is not classified here
 * fails the test.
 */
class SecurityMatrixTest {
    private static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE, Role.OBSERVER);
    private static final Set<Role> TEAM_WRITERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE);
    private static final Set<Role> COMMANDERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER);
    private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);
    private static final Set<Role> ANYONE = EnumSet.allOf(Role.class);
    /** Routes without a token at all. */
    private static final Set<String> PUBLIC = Set.of("POST /api/v1/auth/exchange", "GET /health/live", "GET /health/ready",
            "GET /metrics");

    /** The policy: who may call what. */
    private static final Map<String, Set<Role>> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("GET /api/v1/auth/me", ANYONE);
        POLICY.put("POST /api/v1/tokens", ADMINS);
        POLICY.put("POST /api/v1/login-links", ADMINS);
        POLICY.put("GET /api/v1/teams", READERS);
        POLICY.put("POST /api/v1/teams", TEAM_WRITERS);
        POLICY.put("POST /api/v1/teams:batch", TEAM_WRITERS);
        POLICY.put("GET /api/v1/teams/{id}", READERS);
        POLICY.put("PUT /api/v1/teams/{id}", TEAM_WRITERS);
        POLICY.put("PATCH /api/v1/teams/{id}", TEAM_WRITERS);
        POLICY.put("DELETE /api/v1/teams/{id}", TEAM_WRITERS);
        POLICY.put("GET /api/v1/incidents", READERS);
        POLICY.put("POST /api/v1/incidents", COMMANDERS);
        POLICY.put("GET /api/v1/incidents/{id}", READERS);
        POLICY.put("PATCH /api/v1/incidents/{id}", COMMANDERS);
        POLICY.put("POST /api/v1/incidents/{id}/assignments", COMMANDERS);
        POLICY.put("GET /api/v1/incidents/{id}/assignments", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/recommendations", READERS);
        POLICY.put("POST /api/v1/incidents/{id}/recommendations", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/timeline", READERS);
        POLICY.put("POST /api/v1/replays", READERS);
        POLICY.put("GET /api/v1/replays/{id}", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/state", READERS);
        POLICY.put("POST /api/v1/incidents/{id}/notes", COMMANDERS);
        POLICY.put("GET /api/v1/incidents/{id}/export/timeline.csv", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/export/tracks.geojson", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/export/tracks.csv", READERS);
        POLICY.put("GET /api/v1/incidents/{id}/export/eido.json", READERS);
        POLICY.put("GET /api/v1/assignments/{id}", READERS);
        POLICY.put("PATCH /api/v1/assignments/{id}", TEAM_WRITERS);
        POLICY.put("POST /api/v1/assignments/{id}/reassign", COMMANDERS);
        POLICY.put("GET /api/v1/alerts", READERS);
        POLICY.put("POST /api/v1/alerts/{id}/acknowledge", COMMANDERS);
        POLICY.put("GET /api/v1/devices", READERS);
        POLICY.put("GET /api/v1/devices/{id}", READERS);
        POLICY.put("PUT /api/v1/devices/{id}", TEAM_WRITERS);
        POLICY.put("DELETE /api/v1/devices/{id}", TEAM_WRITERS);
        POLICY.put("POST /api/v1/devices/{id}/tracks", EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE, Role.DEVICE));
        POLICY.put("POST /api/v1/devices/{id}/token", TEAM_WRITERS);
        POLICY.put("GET /api/v1/console/settings", READERS);
        POLICY.put("GET /api/v1/capabilities", READERS);
        POLICY.put("GET /api/v1/equipment-types", READERS);
        POLICY.put("POST /api/v1/equipment-types", ADMINS);
        POLICY.put("GET /api/v1/equipment-types/{code}", READERS);
        POLICY.put("PUT /api/v1/equipment-types/{code}", ADMINS);
        POLICY.put("DELETE /api/v1/equipment-types/{code}", ADMINS);
        POLICY.put("GET /api/v1/response-plans", READERS);
        POLICY.put("GET /api/v1/response-plans/{id}", READERS);
        POLICY.put("PUT /api/v1/response-plans/{id}", ADMINS);
    }

    private static TestMember m;

    @BeforeAll
    static void start() {
        m = TestMember.single();
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    private static String token(Role role) {
        return switch (role) {
            case REGIONAL_CENTRE -> m.token("matrix-" + role.claim(), role, List.of("510100"), null);
            case DEVICE -> m.token("matrix-device", role, List.of(), "matrix-device");
            default -> m.token("matrix-" + role.claim(), role, List.of(), null);
        };
    }

    private static List<String> documentedOperations() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../docs/openapi.yaml").toFile());
        List<String> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                if (path.getValue().has(method)) {
                    ops.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return ops;
    }

    @Test
    void everyRoleOnEveryRouteIsAllowedOrDeniedAsThePolicySays() throws Exception {
        List<String> ops = documentedOperations();
        Set<String> unclassified = new TreeSet<>();
        for (String op : ops) {
            if (!PUBLIC.contains(op) && !POLICY.containsKey(op)) {
                unclassified.add(op);
            }
        }
        assertThat(unclassified).as("routes the policy of this test does not classify").isEmpty();
        assertThat(POLICY.keySet()).as("policy entries for routes that no longer exist").allMatch(ops::contains);

        long deniedBefore = m.count("SELECT count(*) FROM audit_log WHERE outcome = 'forbidden'");
        int denials = 0;
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<Role>> e : POLICY.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(method.length() + 1).replace("{id}", "matrix-x").replace("{code}", "9999999");
            for (Role role : Role.values()) {
                HttpResponse<Buffer> r = m.send(HttpMethod.valueOf(method), path,
                        method.equals("GET") || method.equals("DELETE") ? null : new JsonObject(),
                        Map.of("Authorization", "Bearer " + token(role)));
                boolean allowed = e.getValue().contains(role);
                if (allowed && (r.statusCode() == 401 || r.statusCode() == 403 && isRoleRefusal(r))) {
                    wrong.add(role.claim() + " " + e.getKey() + " should be allowed, got " + r.statusCode() + " " + r.bodyAsString());
                }
                if (!allowed) {
                    denials++;
                    if (r.statusCode() != 403 || !"FORBIDDEN".equals(r.bodyAsJsonObject().getString("code"))) {
                        wrong.add(role.claim() + " " + e.getKey() + " should be denied, got " + r.statusCode() + " " + r.bodyAsString());
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        // every denial is in the audit log
        long expected = deniedBefore + denials;
        long deadline = System.currentTimeMillis() + 10_000;
        while (m.count("SELECT count(*) FROM audit_log WHERE outcome = 'forbidden'") < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(m.count("SELECT count(*) FROM audit_log WHERE outcome = 'forbidden'")).isGreaterThanOrEqualTo(expected);
    }

    /** A 403 that says the role may not call the route (rather than, say, a region outside the token's). */
    private static boolean isRoleRefusal(HttpResponse<Buffer> r) {
        String detail = r.bodyAsJsonObject().getString("detail", "");
        return detail.startsWith("the role ");
    }

    @Test
    void theWebSocketsAcceptOnlyTheirRoles() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            for (Role role : Role.values()) {
                boolean console = consoleOpens(token(role));
                boolean device = handshake(vertx, "/ws/device", token(role));
                assertThat(console).as(role.claim() + " on /ws/console").isEqualTo(READERS.contains(role));
                // admins may act as a gateway for many devices (the simulator does); everyone else only as their own device
                assertThat(device).as(role.claim() + " on /ws/device").isEqualTo(role == Role.DEVICE || role == Role.ADMIN);
            }
            assertThat(consoleOpens("not-a-token")).isFalse();
        } finally {
            vertx.close();
        }
    }

    private static boolean consoleOpens(String token) {
        try (org.muster.server.support.ConsoleClient c = org.muster.server.support.ConsoleClient.connect(m.port(), token)) {
            return true;
        } catch (IllegalStateException e) {
            assertThat(String.valueOf(e.getCause().getCause())).as("a refused handshake").contains("WebSocket upgrade failure");
            return false;
        }
    }

    private static boolean handshake(Vertx vertx, String path, String token) throws Exception {
        var client = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(1 << 24)
                .setMaxMessageSize(1 << 26));
        try {
            var ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(m.port())
                    .setURI(path + "?access_token=" + token)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            String why = String.valueOf(e.getCause());
            assertThat(why).as("a refused handshake, not a broken connection: " + path).contains("WebSocket upgrade failure");
            return false;
        } finally {
            client.close();
        }
    }
}
