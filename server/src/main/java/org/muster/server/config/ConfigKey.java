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
    JT808_PORT("jt808.port", "6808", "TCP port for JT/T 808 vehicle terminals; -1 disables it."),
    DATA_DIR("data.dir", "./data", "Data directory: embedded PostgreSQL, generated secrets, logs."),
    PG_URI("pg.uri", "", "External PostgreSQL, e.g. postgresql://user:pw@host:5432/muster. Empty: the embedded one."),
    PG_POOL_SIZE("pg.pool.size", "16", "Connections to PostgreSQL per member."),
    PG_EMBEDDED_PORT("pg.embedded.port", "0", "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one."),
    CLUSTER_NAME("cluster.name", "muster", "Hazelcast cluster name; members with other names never join."),
    CLUSTER_MEMBERS("cluster.members", "", "Members host:port,... forming one cluster. Empty: a single member, no discovery."),
    CLUSTER_HOST("cluster.host", "", "Address this member binds and announces to the others. Empty: 127.0.0.1 when single, else auto."),
    CLUSTER_PORT("cluster.port", "5701", "Hazelcast member port (the next free one upwards is taken if busy)."),
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
