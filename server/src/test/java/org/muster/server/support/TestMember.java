package org.muster.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.muster.server.Main;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    private final Main main;
    private final Vertx clientVertx;
    private final WebClient client;

    private TestMember(Main main) {
        this.main = main;
        this.clientVertx = Vertx.vertx();
        this.client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.httpPort()));
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
            env.putAll(extra);
            return TestMember.start(ConfigLoader.load(Optional.empty(), env));
        }

        public TestMember start(int index) {
            return start(index, Map.of());
        }
    }

    /** A single member on a fresh database. */
    public static TestMember single() {
        return new Cluster(1).start(0);
    }

    public static TestMember start(MusterConfig config) {
        Main main = new Main(config, Clock.systemUTC());
        await(main.start().toCompletionStage().toCompletableFuture());
        return new TestMember(main);
    }

    public Main main() {
        return main;
    }

    public int port() {
        return main.httpPort();
    }

    public HttpResponse<Buffer> send(HttpMethod method, String path, Object jsonBody, Map<String, String> headers) {
        var req = client.request(method, path);
        headers.forEach(req::putHeader);
        var f = jsonBody == null ? req.send()
                : req.putHeader("Content-Type", headers.getOrDefault("Content-Type", "application/json"))
                .sendBuffer(Buffer.buffer(jsonBody instanceof String s ? s : io.vertx.core.json.Json.encode(jsonBody)));
        return await(f.toCompletionStage().toCompletableFuture());
    }

    public HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, null, Map.of());
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

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
