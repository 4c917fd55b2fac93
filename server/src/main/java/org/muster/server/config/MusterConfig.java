package org.muster.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one member, parsed once at start by {@link ConfigLoader} and then passed
 * by constructor to whatever needs a part of it. Immutable.
 */
public record MusterConfig(
        String httpHost,
        int httpPort,
        int osmandPort,
        int jt808Port,
        Path dataDir,
        Optional<String> pgUri,
        int pgPoolSize,
        int pgEmbeddedPort,
        String clusterName,
        List<ClusterMember> clusterMembers,
        Optional<String> clusterHost,
        int clusterPort,
        Optional<String> clusterKubernetesServiceDns,
        int clusterSize,
        long httpBodyLimit,
        Duration httpIdleTimeout,
        Optional<Path> httpTlsCert,
        Optional<Path> httpTlsKey,
        int httpRateLimit,
        int httpAnonymousRateLimit,
        List<String> wsAllowedOrigins,
        Auth auth,
        Console console,
        ConsoleMap consoleMap,
        int deviceMessagesPerSecond,
        org.muster.server.ingest.osmand.OsmAndParser.SpeedUnit osmandSpeedUnit,
        Alerts alerts,
        boolean catalogueSeed,
        Duration shutdownGrace,
        Duration reconcileInterval) {

    public MusterConfig {
        clusterMembers = List.copyOf(clusterMembers);
        wsAllowedOrigins = List.copyOf(wsAllowedOrigins);
    }

    /** What the console's map shows: tiles (if any) and the first view. */
    public record ConsoleMap(String tilesUrl, String tilesAttribution, double lon, double lat, int zoom) {
    }

    /** Console stream settings. */
    public record Console(Duration flush, Duration heartbeat, Duration idleTimeout, Duration resumeWindow, int retainedDeltas,
                          int maxPending, Duration slowGrace, int writeQueueBytes, int messagesPerSecond, int maxMessageBytes,
                          int compressionLevel) {
    }

    /** Status timer thresholds. */
    public record Alerts(Duration dispatchedLimit, Duration staleLimit, Duration checkEvery, Duration unreachableLimit) {
    }

    /** Token settings. The secret is empty when it is to be generated into the data directory. */
    public record Auth(Optional<String> jwtSecret, Optional<String> jwksUrl, String issuer, String audience, Duration tokenTtl) {
        @Override
        public String toString() {
            return "Auth[jwtSecret=" + (jwtSecret.isPresent() ? "(set)" : "(generated)") + ", jwksUrl=" + jwksUrl
                    + ", issuer=" + issuer + ", audience=" + audience + ", tokenTtl=" + tokenTtl + "]";
        }
    }

    /** Members split-brain protection counts a majority of: cluster.size, or the number of cluster.members. */
    public int expectedClusterSize() {
        return clusterSize > 0 ? clusterSize : clusterMembers.size();
    }

    /** True when PostgreSQL is started by this member from the binaries it carries. */
    public boolean embeddedPostgres() {
        return pgUri.isEmpty();
    }

    /** A member address from {@code cluster.members}. */
    public record ClusterMember(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
