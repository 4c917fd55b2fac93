package org.muster.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key Muster reads, with its environment variable, default and meaning.
 * This list is the documentation: README.md's configuration table is checked against it by a test.
 */
public enum ConfigKey {
    HTTP_HOST("http.host", "0.0.0.0", "Address the HTTP server (REST, WebSockets, console, health, metrics) binds to."),
    HTTP_PORT("http.port", "8080", "HTTP port; 0 picks a free one."),
    OSMAND_PORT("osmand.port", "5055", "Port of the OsmAnd HTTP protocol for phone trackers; -1 disables it."),
    OSMAND_SPEED_UNIT("osmand.speed.unit", "knots", "Unit of the OsmAnd query/form `speed` parameter: knots (Traccar Client, Traccar's default), kmh, or mps (the OsmAnd app). JSON bodies are always m/s."),
    JT808_PORT("jt808.port", "6808", "TCP port for JT/T 808 vehicle terminals; -1 disables it."),
    DATA_DIR("data.dir", "./data", "Data directory: embedded PostgreSQL, generated secrets, logs."),
    PG_URI("pg.uri", "", "External PostgreSQL, e.g. postgresql://user:pw@host:5432/muster. Empty: the embedded one."),
    PG_POOL_SIZE("pg.pool.size", "16", "Connections to PostgreSQL per member."),
    PG_EMBEDDED_PORT("pg.embedded.port", "0", "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one."),
    CLUSTER_NAME("cluster.name", "muster", "Hazelcast cluster name; members with other names never join."),
    CLUSTER_MEMBERS("cluster.members", "", "Members host:port,... forming one cluster. Empty: a single member (unless cluster.kubernetes.service.dns is set)."),
    CLUSTER_HOST("cluster.host", "", "Address this member binds and announces to the others. Empty: 127.0.0.1 when single, else auto."),
    CLUSTER_PORT("cluster.port", "5701", "Hazelcast member port (the next free one upwards is taken if busy)."),
    CLUSTER_KUBERNETES_SERVICE_DNS("cluster.kubernetes.service.dns", "", "Kubernetes: DNS name of the members' headless service; members find each other through it (Hazelcast's Kubernetes discovery, DNS lookup mode) instead of cluster.members."),
    CLUSTER_SIZE("cluster.size", "0", "Members the cluster is meant to have, for split-brain protection (only a majority of them takes writes; needs 3 or more). 0: the number of cluster.members."),
    HTTP_BODY_LIMIT("http.body.limit.bytes", "4194304", "Largest request body accepted (413 above)."),
    HTTP_IDLE_TIMEOUT("http.idle.timeout.seconds", "120", "Connections idle this long are closed."),
    HTTP_TLS_CERT("http.tls.cert", "", "PEM certificate chain: with http.tls.key, HTTPS and WSS instead of plain HTTP."),
    HTTP_TLS_KEY("http.tls.key", "", "PEM private key for http.tls.cert."),
    HTTP_RATE_LIMIT("http.rate.limit", "100", "Requests per second per token (bursts up to 4x); 429 above."),
    HTTP_ANONYMOUS_RATE_LIMIT("http.anonymous.rate.limit", "10", "Requests per second per address without a valid token."),
    WS_ALLOWED_ORIGINS("ws.allowed.origins", "", "Origins allowed at the WebSocket handshake besides the server's own, comma-separated; * for any."),
    AUTH_JWT_SECRET("auth.jwt.secret", "", "HS256 secret (32+ characters) for tokens. Empty: generated once into the data directory. Give every member the same."),
    AUTH_JWKS_URL("auth.jwks.url", "", "JWKS URL of a trusted issuer whose RS256 tokens are accepted as well (allow-listed: only this URL)."),
    AUTH_ISSUER("auth.issuer", "muster", "Required iss of every token; the iss of tokens Muster issues."),
    AUTH_AUDIENCE("auth.audience", "muster", "Required aud of every token; the aud of tokens Muster issues."),
    AUTH_TOKEN_TTL("auth.token.ttl.seconds", "43200", "Lifetime of tokens Muster issues when the request names none (12 h: one shift)."),
    CONSOLE_FLUSH_MS("console.flush.ms", "20", "Deltas for a console are gathered this long into one frame."),
    CONSOLE_HEARTBEAT_SECONDS("console.heartbeat.seconds", "10", "A quiet console stream gets a Heartbeat this often."),
    CONSOLE_IDLE_TIMEOUT_SECONDS("console.idle.timeout.seconds", "60", "A console that sends nothing (not even Ping) this long is closed."),
    CONSOLE_RESUME_SECONDS("console.resume.seconds", "120", "How long a console stream can be resumed after a disconnect."),
    CONSOLE_RESUME_MAX_DELTAS("console.resume.max.deltas", "20000", "How many sent deltas a stream retains for a resume."),
    CONSOLE_MAX_PENDING("console.max.pending", "20000", "Changes other than moves waiting for a slow console before it is closed."),
    CONSOLE_SLOW_GRACE_SECONDS("console.slow.grace.seconds", "10", "How long a console may stay unable to take frames before it is closed."),
    CONSOLE_WRITE_QUEUE_BYTES("console.write.queue.bytes", "262144", "Bytes queued for a console beyond the network's own buffers before it counts as slow."),
    CONSOLE_MESSAGES_PER_SECOND("console.messages.per.second", "20", "Messages per second a console may send (twice that in a burst)."),
    DEVICE_MESSAGES_PER_SECOND("device.messages.per.second", "200", "Messages per second one /ws/device connection may send (a gateway carries many devices)."),
    WS_MAX_MESSAGE_BYTES("ws.max.message.bytes", "65536", "Largest WebSocket message a client may send, after decompression."),
    WS_COMPRESSION_LEVEL("ws.compression.level", "1", "permessage-deflate level of WebSocket messages (1 fastest to 9 smallest); 0 turns compression off."),
    ALERT_DISPATCHED_MINUTES("alert.dispatched.minutes", "5", "Alert when a team is dispatched this long and not yet en route."),
    ALERT_POSITION_STALE_MINUTES("alert.position.stale.minutes", "15", "Alert when a committed team's last position is this old."),
    ALERT_CHECK_SECONDS("alert.check.seconds", "15", "How often status timers are checked."),
    TEAM_UNREACHABLE_MINUTES("team.unreachable.minutes", "60", "An available team with a registered device whose freshest fix is older than this is marked UNREACHABLE (and AVAILABLE again at its next fix); 0 never."),
    CONSOLE_TILES_URL("console.tiles.url", "", "Tile URL template for the console's map ({z}/{x}/{y}), e.g. a Tianditu or in-house tile server. Empty: the offline base map only."),
    CONSOLE_TILES_ATTRIBUTION("console.tiles.attribution", "", "Attribution shown with the tiles."),
    CONSOLE_MAP_VIEW("console.map.view", "103.0,30.0,7", "The console's first view: longitude,latitude,zoom."),
    CATALOGUE_SEED("catalogue.seed", "true", "Load the built-in equipment catalogue and response plans on a first start."),
    SHUTDOWN_GRACE("shutdown.grace.seconds", "10", "How long a SIGTERM waits for requests in flight before closing."),
    RECONCILE_INTERVAL("reconcile.interval.seconds", "300", "How often the live picture is compared with the store; 0 disables it.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key as written in a configuration file, e.g. {@code http.port}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides the file, e.g. {@code MUSTER_HTTP_PORT}. */
    public String env() {
        return "MUSTER_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<ConfigKey> all() {
        return List.of(values());
    }
}
