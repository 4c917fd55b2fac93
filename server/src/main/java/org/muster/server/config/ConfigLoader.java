package org.muster.server.config;

import org.muster.server.ingest.osmand.OsmAndParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the configuration from, in rising priority: the defaults of {@link ConfigKey}, an optional
 * properties file, and {@code MUSTER_*} environment variables. Fails fast with a message naming the key.
 */
public final class ConfigLoader {
    /** The environment variable naming an optional configuration file. */
    public static final String CONFIG_FILE_ENV = "MUSTER_CONFIG";

    private ConfigLoader() {
    }

    /**
     * @param file optional properties file ({@code key = value} lines, keys as in {@link ConfigKey#key()})
     * @param env  the environment, usually {@link System#getenv()}
     */
    public static MusterConfig load(Optional<Path> file, Map<String, String> env) {
        Map<ConfigKey, String> raw = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            raw.put(k, k.defaultValue());
        }
        file.ifPresent(f -> readFile(f, raw));
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.env());
            if (v != null) {
                raw.put(k, v.trim());
            }
        }
        return parse(raw);
    }

    /** Loads with the file named by {@code MUSTER_CONFIG} (if any) and the process environment. */
    public static MusterConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        Optional<Path> file = Optional.ofNullable(env.get(CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of);
        return load(file, env);
    }

    private static void readFile(Path f, Map<ConfigKey, String> raw) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + f + " (" + CONFIG_FILE_ENV + "): " + e.getMessage());
        }
        for (String name : p.stringPropertyNames()) {
            ConfigKey k = ConfigKey.byKey(name).orElseThrow(() -> new ConfigException(
                    "unknown configuration key '" + name + "' in " + f + "; known keys: "
                            + ConfigKey.all().stream().map(ConfigKey::key).toList()));
            raw.put(k, p.getProperty(name).trim());
        }
    }

    private static MusterConfig parse(Map<ConfigKey, String> raw) {
        String pgUri = raw.get(ConfigKey.PG_URI);
        if (!pgUri.isEmpty() && !(pgUri.startsWith("postgresql://") || pgUri.startsWith("postgres://"))) {
            throw invalid(ConfigKey.PG_URI, pgUri, "a URI like postgresql://user:password@host:5432/muster");
        }
        String clusterHost = raw.get(ConfigKey.CLUSTER_HOST);
        String kubernetes = raw.get(ConfigKey.CLUSTER_KUBERNETES_SERVICE_DNS);
        if (!kubernetes.isEmpty() && !raw.get(ConfigKey.CLUSTER_MEMBERS).isEmpty()) {
            throw invalid(ConfigKey.CLUSTER_KUBERNETES_SERVICE_DNS, kubernetes, "either cluster.members or Kubernetes discovery, not both");
        }
        if (!kubernetes.isEmpty() && !kubernetes.matches("[A-Za-z0-9.-]{1,253}")) {
            throw invalid(ConfigKey.CLUSTER_KUBERNETES_SERVICE_DNS, kubernetes, "a DNS name like muster-cluster.default.svc.cluster.local");
        }
        String secret = raw.get(ConfigKey.AUTH_JWT_SECRET);
        if (!secret.isEmpty() && secret.length() < 32) {
            throw invalid(ConfigKey.AUTH_JWT_SECRET, "(hidden)", "at least 32 characters");
        }
        String jwks = raw.get(ConfigKey.AUTH_JWKS_URL);
        if (!jwks.isEmpty() && !(jwks.startsWith("https://") || jwks.startsWith("http://"))) {
            throw invalid(ConfigKey.AUTH_JWKS_URL, jwks, "an http(s) URL");
        }
        Optional<Path> cert = optionalPath(raw.get(ConfigKey.HTTP_TLS_CERT));
        Optional<Path> key = optionalPath(raw.get(ConfigKey.HTTP_TLS_KEY));
        if (cert.isPresent() != key.isPresent()) {
            throw invalid(cert.isPresent() ? ConfigKey.HTTP_TLS_KEY : ConfigKey.HTTP_TLS_CERT, "",
                    "both http.tls.cert and http.tls.key, or neither");
        }
        return new MusterConfig(
                nonEmpty(ConfigKey.HTTP_HOST, raw),
                port(ConfigKey.HTTP_PORT, raw, false),
                port(ConfigKey.OSMAND_PORT, raw, true),
                port(ConfigKey.JT808_PORT, raw, true),
                Path.of(nonEmpty(ConfigKey.DATA_DIR, raw)).toAbsolutePath().normalize(),
                pgUri.isEmpty() ? Optional.empty() : Optional.of(pgUri),
                intIn(ConfigKey.PG_POOL_SIZE, raw, 1, 1000),
                port(ConfigKey.PG_EMBEDDED_PORT, raw, false),
                nonEmpty(ConfigKey.CLUSTER_NAME, raw),
                members(raw.get(ConfigKey.CLUSTER_MEMBERS)),
                clusterHost.isEmpty() ? Optional.empty() : Optional.of(clusterHost),
                intIn(ConfigKey.CLUSTER_PORT, raw, 1, 65535),
                kubernetes.isEmpty() ? Optional.empty() : Optional.of(kubernetes),
                intIn(ConfigKey.CLUSTER_SIZE, raw, 0, 1000),
                intIn(ConfigKey.HTTP_BODY_LIMIT, raw, 1024, Integer.MAX_VALUE),
                Duration.ofSeconds(intIn(ConfigKey.HTTP_IDLE_TIMEOUT, raw, 1, 86_400)),
                cert,
                key,
                intIn(ConfigKey.HTTP_RATE_LIMIT, raw, 1, 1_000_000),
                intIn(ConfigKey.HTTP_ANONYMOUS_RATE_LIMIT, raw, 1, 1_000_000),
                list(raw.get(ConfigKey.WS_ALLOWED_ORIGINS)),
                new MusterConfig.Auth(secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                        jwks.isEmpty() ? Optional.empty() : Optional.of(jwks),
                        nonEmpty(ConfigKey.AUTH_ISSUER, raw), nonEmpty(ConfigKey.AUTH_AUDIENCE, raw),
                        Duration.ofSeconds(intIn(ConfigKey.AUTH_TOKEN_TTL, raw, 60, 30 * 86_400))),
                new MusterConfig.Console(
                        Duration.ofMillis(intIn(ConfigKey.CONSOLE_FLUSH_MS, raw, 1, 1000)),
                        Duration.ofSeconds(intIn(ConfigKey.CONSOLE_HEARTBEAT_SECONDS, raw, 1, 3600)),
                        Duration.ofSeconds(intIn(ConfigKey.CONSOLE_IDLE_TIMEOUT_SECONDS, raw, 5, 86_400)),
                        Duration.ofSeconds(intIn(ConfigKey.CONSOLE_RESUME_SECONDS, raw, 0, 3600)),
                        intIn(ConfigKey.CONSOLE_RESUME_MAX_DELTAS, raw, 0, 10_000_000),
                        intIn(ConfigKey.CONSOLE_MAX_PENDING, raw, 10, 10_000_000),
                        Duration.ofSeconds(intIn(ConfigKey.CONSOLE_SLOW_GRACE_SECONDS, raw, 1, 3600)),
                        intIn(ConfigKey.CONSOLE_WRITE_QUEUE_BYTES, raw, 1024, 1 << 30),
                        intIn(ConfigKey.CONSOLE_MESSAGES_PER_SECOND, raw, 1, 100_000),
                        intIn(ConfigKey.WS_MAX_MESSAGE_BYTES, raw, 1024, 64 * 1024 * 1024),
                        intIn(ConfigKey.WS_COMPRESSION_LEVEL, raw, 0, 9)),
                mapView(raw),
                intIn(ConfigKey.DEVICE_MESSAGES_PER_SECOND, raw, 1, 1_000_000),
                speedUnit(raw),
                new MusterConfig.Alerts(
                        Duration.ofMinutes(intIn(ConfigKey.ALERT_DISPATCHED_MINUTES, raw, 1, 1440)),
                        Duration.ofMinutes(intIn(ConfigKey.ALERT_POSITION_STALE_MINUTES, raw, 1, 1440)),
                        Duration.ofSeconds(intIn(ConfigKey.ALERT_CHECK_SECONDS, raw, 1, 3600)),
                        Duration.ofMinutes(intIn(ConfigKey.TEAM_UNREACHABLE_MINUTES, raw, 0, 10_080))),
                bool(ConfigKey.CATALOGUE_SEED, raw),
                Duration.ofSeconds(intIn(ConfigKey.SHUTDOWN_GRACE, raw, 0, 3600)),
                Duration.ofSeconds(intIn(ConfigKey.RECONCILE_INTERVAL, raw, 0, 86_400)));
    }

    private static List<MusterConfig.ClusterMember> members(String value) {
        List<MusterConfig.ClusterMember> out = new ArrayList<>();
        if (value.isBlank()) {
            return out;
        }
        for (String part : value.split(",")) {
            String m = part.trim();
            if (m.isEmpty()) {
                continue;
            }
            int colon = m.lastIndexOf(':');
            String host = colon < 0 ? m : m.substring(0, colon);
            int port = 5701;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(m.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw invalid(ConfigKey.CLUSTER_MEMBERS, value, "host:port,host:port (bad port in '" + m + "')");
                }
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw invalid(ConfigKey.CLUSTER_MEMBERS, value, "host:port,host:port (bad member '" + m + "')");
            }
            out.add(new MusterConfig.ClusterMember(host, port));
        }
        return out;
    }

    private static MusterConfig.ConsoleMap mapView(Map<ConfigKey, String> raw) {
        String tiles = raw.get(ConfigKey.CONSOLE_TILES_URL);
        if (!tiles.isEmpty() && !(tiles.startsWith("http://") || tiles.startsWith("https://") || tiles.startsWith("/"))) {
            throw invalid(ConfigKey.CONSOLE_TILES_URL, tiles, "an http(s) URL template with {z}, {x} and {y}");
        }
        String v = raw.get(ConfigKey.CONSOLE_MAP_VIEW);
        String[] p = v.split(",");
        try {
            double lon = Double.parseDouble(p[0].trim());
            double lat = Double.parseDouble(p[1].trim());
            int zoom = Integer.parseInt(p[2].trim());
            if (p.length == 3 && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && zoom >= 1 && zoom <= 19) {
                return new MusterConfig.ConsoleMap(tiles, raw.get(ConfigKey.CONSOLE_TILES_ATTRIBUTION), lon, lat, zoom);
            }
        } catch (RuntimeException ignored) {
            // falls through to the message below
        }
        throw invalid(ConfigKey.CONSOLE_MAP_VIEW, v, "longitude,latitude,zoom, e.g. 103.0,30.0,7");
    }

    private static Optional<Path> optionalPath(String v) {
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v).toAbsolutePath().normalize());
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String nonEmpty(ConfigKey k, Map<ConfigKey, String> raw) {
        String v = raw.get(k);
        if (v.isEmpty()) {
            throw invalid(k, v, "a non-empty value");
        }
        return v;
    }

    private static int port(ConfigKey k, Map<ConfigKey, String> raw, boolean mayDisable) {
        return intIn(k, raw, mayDisable ? -1 : 0, 65535);
    }

    private static int intIn(ConfigKey k, Map<ConfigKey, String> raw, int min, int max) {
        String v = raw.get(k);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(k, v, "an integer from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw invalid(k, v, "an integer from " + min + " to " + max);
        }
        return n;
    }

    private static boolean bool(ConfigKey k, Map<ConfigKey, String> raw) {
        String v = raw.get(k);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(k, v, "true or false");
    }

    private static OsmAndParser.SpeedUnit speedUnit(Map<ConfigKey, String> raw) {
        String v = raw.get(ConfigKey.OSMAND_SPEED_UNIT).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "knots", "kn" -> OsmAndParser.SpeedUnit.KNOTS;
            case "kmh", "km/h" -> OsmAndParser.SpeedUnit.KILOMETRES_PER_HOUR;
            case "mps", "m/s" -> OsmAndParser.SpeedUnit.METRES_PER_SECOND;
            default -> throw invalid(ConfigKey.OSMAND_SPEED_UNIT, v, "one of knots, kmh, mps");
        };
    }

    private static ConfigException invalid(ConfigKey k, String value, String expected) {
        return new ConfigException("invalid configuration " + k.key() + " (" + k.env() + ") = '" + value
                + "': expected " + expected);
    }
}
