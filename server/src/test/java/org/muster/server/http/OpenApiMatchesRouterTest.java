package org.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml describes exactly the routes the server has: no route undocumented, no documented route missing. */
class OpenApiMatchesRouterTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationExists() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docs", "openapi.yaml").toFile());
        Set<String> documented = new TreeSet<>();
        Iterator<String> paths = doc.get("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            Iterator<String> ops = doc.get("paths").get(path).fieldNames();
            while (ops.hasNext()) {
                String op = ops.next();
                if (!op.equals("parameters")) {
                    documented.add(op.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }

        Api api = new Api(new Api.Parts(org.muster.server.config.ConfigLoader.load(java.util.Optional.empty(), java.util.Map.of()), vertx, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new org.muster.server.push.ConsoleHubs(), new org.muster.server.push.ConsoleHub.Limits(
                        java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofSeconds(60), 100, 100, java.time.Duration.ofSeconds(5), 10, 65536), java.util.List.of(), 100, null, null,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), () -> false, 1024));
        Set<String> routed = new TreeSet<>();
        for (Route r : api.router(vertx, new java.util.ArrayList<>()).getRoutes()) {
            // Routes with parameters are kept as regexes; their name is the path as written (":id").
            String written = r.getName() != null ? r.getName() : r.getPath();
            String path = written == null ? null : written.replaceAll("/:([A-Za-z]+)", "/{$1}");
            if (path == null || path.endsWith("/") || r.methods() == null || path.startsWith("/ws/")) {
                continue; // gates, body handler, static files (prefix routes); WebSockets are in docs/protocol.md
            }
            for (HttpMethod m : r.methods()) {
                routed.add(m.name() + " " + path);
            }
        }
        assertThat(routed).isNotEmpty();
        assertThat(routed).as("routes in the router").containsExactlyInAnyOrderElementsOf(documented);
    }
}
