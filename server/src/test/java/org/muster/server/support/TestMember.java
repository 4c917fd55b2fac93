package org.muster.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import org.muster.server.Main;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Muster member in this JVM: real Hazelcast, real PostgreSQL (a database of {@link TestPostgres}), HTTP on a
 * free port; and a blocking HTTP client for it. For tests only.
 */
public final class TestMember implements AutoCloseable {
    /** The token secret of test members (tests that need the generated one read it from the data directory). */
    public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    private final Main main;
    private final MusterConfig config;
    private final Vertx clientVertx;
    private final WebClient client;
    private final String pgUri;
    private final TokenService tokens;
    private final String adminToken;

    private TestMember(Main main, MusterConfig config, String pgUri) {
        this.main = main;
        this.config = config;
        this.pgUri = pgUri;
        this.clientVertx = Vertx.vertx();
        this.client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.httpPort()));
        String secret = TokenService.loadOrCreateSecret(config.auth(), config.dataDir()).value();
        this.tokens = new TokenService(clientVertx, config.auth(), secret, Clock.systemUTC());
        this.adminToken = token("test-admin", Role.ADMIN, List.of(), null);
    }

    /** A token as an admin would issue it, signed with this member's secret. */
    public String token(String subject, Role role, List<String> regions, String deviceId) {
        return tokens.issue(subject, role, regions, deviceId, Duration.ofHours(1)).token();
    }

    public MusterConfig config() {
        return config;
    }

    /** Settings for one or more members that form one cluster over one database. */
    public static final class Cluster {
        public final String name = "test-" + UUID.randomUUID();
        public final String pgUri;
        public final int[] ports;

        public Cluster(int members) {
            this.pgUri = TestPostgres.freshDatabase();
            this.ports = new int[members];
            for (int i = 0; i < members; i++) {
                ports[i] = freePort();
            }
        }

        public TestMember start(int index, Map<String, String> extra) {
            return start(index, extra, Clock.systemUTC());
        }

        public TestMember start(int index, Map<String, String> extra, Clock clock) {
            Map<String, String> env = new HashMap<>();
            env.put("MUSTER_HTTP_PORT", "0");
            env.put("MUSTER_HTTP_HOST", "127.0.0.1");
            env.put("MUSTER_OSMAND_PORT", "-1");
            env.put("MUSTER_JT808_PORT", "-1");
            env.put("MUSTER_PG_URI", pgUri);
            env.put("MUSTER_PG_POOL_SIZE", "4");
            env.put("MUSTER_CLUSTER_NAME", name);
            env.put("MUSTER_CLUSTER_HOST", "127.0.0.1");
            env.put("MUSTER_CLUSTER_PORT", Integer.toString(ports[index]));
            if (ports.length > 1) {
                StringBuilder members = new StringBuilder();
                for (int p : ports) {
                    members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
                }
                env.put("MUSTER_CLUSTER_MEMBERS", members.toString());
            }
            env.put("MUSTER_DATA_DIR", tempDir().toString());
            env.put("MUSTER_SHUTDOWN_GRACE_SECONDS", "1");
            env.put("MUSTER_AUTH_JWT_SECRET", SECRET);
            env.put("MUSTER_HTTP_RATE_LIMIT", "100000");
            env.putAll(extra);
            return TestMember.start(ConfigLoader.load(Optional.empty(), env), pgUri, clock);
        }

        public TestMember start(int index) {
            return start(index, Map.of());
        }
    }

    /** A single member on a fresh database. */
    public static TestMember single() {
        return new Cluster(1).start(0);
    }

    public static TestMember start(MusterConfig config, String pgUri) {
        return start(config, pgUri, Clock.systemUTC());
    }

    public static TestMember start(MusterConfig config, String pgUri, Clock clock) {
        Main main = new Main(config, clock);
        await(main.start().toCompletionStage().toCompletableFuture());
        return new TestMember(main, config, pgUri);
    }

    /** Every event in the store, in sequence order, with its seq. */
    public java.util.List<org.muster.protocol.v1.TimelineEvent> events() {
        PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
        java.util.List<org.muster.protocol.v1.TimelineEvent> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/"
                + o.getDatabase(), o.getUser(), o.getPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, payload FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.add(org.muster.protocol.v1.TimelineEvent.parseFrom(rs.getBytes(2)).toBuilder().setSeq(rs.getLong(1)).build());
            }
        } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Runs a query returning one number against this member's database (to check what the store holds). */
    /** Runs a statement without a result (DDL, ANALYZE) against this member's database. */
    public void execute(String sql) {
        PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/"
                + o.getDatabase(), o.getUser(), o.getPassword());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql) {
        PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/"
                + o.getDatabase(), o.getUser(), o.getPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Main main() {
        return main;
    }

    public int port() {
        return main.httpPort();
    }

    /**
     * Sends a request as the test admin, unless {@code headers} has its own "Authorization" (an empty value sends none).
     */
    public HttpResponse<Buffer> send(HttpMethod method, String path, Object jsonBody, Map<String, String> headers) {
        var req = client.request(method, path);
        headers.forEach((k, v) -> {
            if (!(k.equals("Authorization") && v.isEmpty())) {
                req.putHeader(k, v);
            }
        });
        if (!headers.containsKey("Authorization")) {
            req.putHeader("Authorization", "Bearer " + adminToken);
        }
        var f = jsonBody == null ? req.send()
                : req.putHeader("Content-Type", headers.getOrDefault("Content-Type", "application/json"))
                .sendBuffer(jsonBody instanceof Buffer b ? b
                        : Buffer.buffer(jsonBody instanceof String s ? s : io.vertx.core.json.Json.encode(jsonBody)));
        return await(f.toCompletionStage().toCompletableFuture());
    }

    /** Sends without waiting, as the test admin; for concurrent requests. */
    public io.vertx.core.Future<HttpResponse<Buffer>> sendAsync(HttpMethod method, String path, Object jsonBody) {
        var req = client.request(method, path).putHeader("Authorization", "Bearer " + adminToken);
        return jsonBody == null ? req.send() : req.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(io.vertx.core.json.Json.encode(jsonBody)));
    }

    public HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, null, Map.of());
    }

    /** A metric's value from /metrics (the sum of its series, by exact name), or null when it is not there. */
    public Double metric(String name) {
        Double sum = null;
        for (String line : get("/metrics").bodyAsString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum = (sum == null ? 0 : sum) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    public HttpResponse<Buffer> post(String path, Object body) {
        return send(HttpMethod.POST, path, body, Map.of());
    }

    public static JsonObject json(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject();
    }

    @Override
    public void close() {
        client.close();
        await(clientVertx.close().toCompletionStage().toCompletableFuture());
        await(main.stop().toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A port free now, below the kernel's range of ephemeral ports when it can find one there. A cluster port inside
     * that range can be taken as the source port of a member's own reconnect attempt to it once its peer has
     * stopped: Linux then connects the socket to itself, and Hazelcast logs "Connecting to self!".
     */
    public static int freePort() {
        int below = ephemeralLow();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 50 && below > 10_000; attempt++) {
            int port = r.nextInt(10_000, below);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first ephemeral port (Linux), or 32768 when it cannot be read. */
    private static int ephemeralLow() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "member-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
