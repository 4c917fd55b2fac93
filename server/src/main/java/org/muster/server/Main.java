package org.muster.server;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.muster.server.cluster.ClusterSetup;
import com.hazelcast.map.IMap;
import org.muster.server.auth.AuditLog;
import org.muster.server.auth.LoginLinks;
import org.muster.server.auth.RateLimits;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.config.ConfigException;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;
import org.muster.server.events.AlertCommands;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.DispatchCommands;
import org.muster.server.events.Dispatcher;
import org.muster.server.events.StatusTimers;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.DeviceCommands;
import org.muster.server.events.IncidentCommands;
import org.muster.server.ingest.Jt808Server;
import org.muster.server.ingest.OsmAndServer;
import org.muster.server.ingest.PositionIngest;
import org.muster.server.ingest.osmand.OsmAndParser;
import org.muster.server.events.NoteCommands;
import org.muster.server.events.TeamCommands;
import org.muster.server.http.Api;
import org.muster.server.live.LiveMaps;
import org.muster.server.push.ChangeFeed;
import org.muster.server.match.TeamIndex;
import org.muster.geo.match.SpeedProfileEtaModel;
import org.muster.server.push.ConsoleHub;
import org.muster.server.replay.Consultations;
import org.muster.server.replay.IncidentHistory;
import org.muster.server.replay.ReplayDriver;
import org.muster.server.replay.ReplaySessions;
import org.muster.server.push.ConsoleHubs;
import org.muster.server.live.LivePicture;
import org.muster.server.store.AccessStore;
import org.muster.server.store.PgAccessStore;
import org.muster.server.store.EmbeddedPostgres;
import org.muster.server.store.EventStore;
import org.muster.server.store.LocationHistory;
import org.muster.server.store.PgLocationHistory;
import org.muster.server.store.Migrations;
import org.muster.server.store.PgEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one composition root: reads the configuration, starts (or reaches) PostgreSQL, applies migrations, joins the
 * cluster, loads the live picture, seeds the catalogue on a first start, and opens the HTTP server. Everything is
 * built here and handed down by constructor. {@link #stop()} undoes it in reverse order; SIGTERM calls it.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final MusterConfig config;
    private final Clock clock;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private FileChannel lockChannel;
    private FileLock dataDirLock;
    private EmbeddedPostgres embeddedPostgres;
    private Vertx vertx;
    private Pool pool;
    private HazelcastInstance hazelcast;
    private volatile int httpPort = -1;
    private volatile int osmandPort = -1;
    private volatile int jt808Port = -1;
    private volatile TeamIndex teamIndex;
    private TokenService.Secret secret;
    private AuditLog audit;

    public Main(MusterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static void main(String[] args) {
        // Hazelcast completes async operations on the common pool, but only if it has more than one thread; on a
        // two-core machine it would otherwise start a new thread for every completion (thousands per second under
        // position load). Give the pool at least two threads unless the operator chose otherwise.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        MusterConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("muster: " + e.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                main.stop().toCompletionStage().toCompletableFuture()
                        .get(config.shutdownGrace().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.error("shutdown did not finish cleanly", e);
            }
        }, "muster-shutdown"));
        try {
            main.start().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.error("muster could not start: {}", rootMessage(e), e);
            System.exit(1);
        }
    }

    /** Starts everything; completes when this member serves HTTP and is ready. */
    public Future<Void> start() {
        String pgUri;
        try {
            lockDataDir();
            secret = TokenService.loadOrCreateSecret(config.auth(), config.dataDir());
            if (config.embeddedPostgres()) {
                embeddedPostgres = EmbeddedPostgres.start(config.dataDir(), config.pgEmbeddedPort());
                pgUri = embeddedPostgres.uri();
            } else {
                pgUri = config.pgUri().orElseThrow();
            }
            Migrations.apply(pgUri);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(ClusterSetup.hazelcastConfig(config));
        VertxOptions options = new VertxOptions().setPreferNativeTransport(true)
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
        String busHost = config.clusterHost().orElse(config.clusterMembers().isEmpty() ? "127.0.0.1" : null);
        if (busHost != null) {
            options.getEventBusOptions().setHost(busHost);
        }
        return Vertx.builder().with(options).withClusterManager(clusterManager)
                .withMetrics(new MicrometerMetricsFactory(metrics)).buildClustered()
                .compose(v -> {
                    vertx = v;
                    hazelcast = clusterManager.getHazelcastInstance();
                    pool = PgBuilder.pool()
                            .with(new PoolOptions().setMaxSize(config.pgPoolSize()).setShared(false))
                            .connectingTo(PgConnectOptions.fromUri(pgUri).setPipeliningLimit(16))
                            .using(vertx)
                            .build();
                    return wire(metrics);
                })
                .onSuccess(v -> LOG.info("muster ready [http: {}, cluster: {} members, transport: {}, dataDir: {}]",
                        httpPort, hazelcast.getCluster().getMembers().size(),
                        vertx.isNativeTransportEnabled() ? "native" : "jdk nio", config.dataDir()))
                .onFailure(e -> stop());
    }

    private Future<Void> wire(PrometheusMeterRegistry metrics) {
        EventStore store = new PgEventStore(pool);
        AccessStore access = new PgAccessStore(pool);
        LivePicture live = new LivePicture(hazelcast, store, config.reconcileInterval());
        CommandRunner runner = new CommandRunner(store, live);
        TeamCommands teams = new TeamCommands(live, clock);
        IncidentCommands incidents = new IncidentCommands(live, clock);
        CatalogueCommands catalogue = new CatalogueCommands(live, clock);
        DispatchCommands dispatch = new DispatchCommands(clock);
        Dispatcher dispatcher = new Dispatcher(live, dispatch);
        AlertCommands alerts = new AlertCommands(clock);
        DeviceCommands devices = new DeviceCommands(clock);
        LocationHistory history = new PgLocationHistory(vertx, pool);
        PositionIngest ingest = new PositionIngest(live, history, clock, metrics);
        StatusTimers timers = new StatusTimers(live, runner, alerts, clock, config.alerts().dispatchedLimit(),
                config.alerts().staleLimit(), config.alerts().checkEvery(), config.alerts().unreachableLimit(), teams);
        TokenService tokens = new TokenService(vertx, config.auth(), secret.value(), clock);
        LoginLinks loginLinks = new LoginLinks(access, tokens, clock);
        RateLimits rateLimits = new RateLimits(config.httpRateLimit(), config.httpAnonymousRateLimit());
        vertx.setPeriodic(60_000, t -> rateLimits.evictIdle());
        audit = new AuditLog(vertx, access, metrics);
        audit.start();
        ConsoleHubs consoles = new ConsoleHubs();
        io.micrometer.core.instrument.Gauge.builder("muster.console.connections", consoles, ConsoleHubs::connections)
                .description("console WebSocket connections on this member").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("muster.cluster.members", hazelcast, h -> h.getCluster().getMembers().size())
                .description("cluster members this member sees").register(metrics);
        new ChangeFeed(live, consoles, clock).attach();
        teamIndex = new TeamIndex(live, SpeedProfileEtaModel.defaults(), metrics);
        teamIndex.attach();
        IncidentHistory incidentHistory = new IncidentHistory(store, history);
        ReplaySessions replaySessions = new ReplaySessions(hazelcast, vertx, live, clock);
        ReplayDriver replayDriver = new ReplayDriver(hazelcast, replaySessions, incidentHistory, history, metrics);
        Consultations consultations = new Consultations(replaySessions, replayDriver, runner, new NoteCommands(clock),
                incidentHistory, history);
        MusterConfig.Console c = config.console();
        ConsoleHub.Limits consoleLimits = new ConsoleHub.Limits(c.flush(), c.heartbeat(), c.idleTimeout(), c.resumeWindow(),
                c.retainedDeltas(), c.maxPending(), c.slowGrace(), c.messagesPerSecond(), c.writeQueueBytes());
        Api api = new Api(new Api.Parts(config, vertx, hazelcast, store, live, runner, teams, incidents, catalogue,
                dispatcher, dispatch, alerts, devices, ingest, tokens, loginLinks, rateLimits, audit, consoles, consoleLimits,
                config.wsAllowedOrigins(), config.deviceMessagesPerSecond(), consultations, teamIndex, metrics, clock, shuttingDown::get, config.httpBodyLimit()));
        vertx.setPeriodic(Duration.ofHours(6).toMillis(), t -> history.prepareMonths());
        return checkSecretAgreement()
                .compose(v -> tokens.start())
                .compose(v -> history.prepareMonths())
                .compose(v -> vertx.deployVerticle(live, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)))
                .compose(id -> config.catalogueSeed() ? api.builtInCatalogue().seedIfFirstStart() : Future.succeededFuture())
                .compose(v -> vertx.deployVerticle(timers))
                .compose(v -> vertx.deployVerticle(replayDriver))
                .compose(v -> {
                    // the observers filled the index while the replica loaded; a full comparison closes any gap,
                    // and again every few minutes and whenever a member leaves
                    vertx.executeBlocking(teamIndex::resync);
                    vertx.setPeriodic(Duration.ofMinutes(5).toMillis(), t -> vertx.executeBlocking(teamIndex::resync));
                    return Future.succeededFuture();
                })
                .compose(v -> config.osmandPort() < 0 ? Future.succeededFuture() : vertx.deployVerticle(new OsmAndServer(ingest,
                        new OsmAndParser(config.osmandSpeedUnit()), config.httpHost(), config.osmandPort(), metrics, port -> osmandPort = port)))
                .compose(v -> config.jt808Port() < 0 ? Future.succeededFuture() : vertx.deployVerticle(new Jt808Server(ingest,
                        runner, devices, config.httpHost(), config.jt808Port(), metrics, port -> jt808Port = port)))
                .compose(v -> vertx.deployVerticle(() -> api.httpVerticle(config, port -> httpPort = port),
                        new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))))
                .compose(v -> secret.generated() ? printAdminLink(loginLinks) : Future.succeededFuture());
    }

    /**
     * Every member must verify the others' tokens: they must share the secret. The first member records a hash of its
     * secret in the cluster; a member with another secret refuses to start, saying what to do.
     */
    private Future<Void> checkSecretAgreement() {
        String hash = sha256(secret.value());
        IMap<String, String> meta = hazelcast.getMap(LiveMaps.META);
        return vertx.executeBlocking(() -> meta.putIfAbsent("auth.secret.sha256", hash)).compose(existing ->
                existing == null || existing.equals(hash) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException("this member's token secret differs from the "
                        + "cluster's: set the same MUSTER_AUTH_JWT_SECRET on every member")));
    }

    /**
     * With a generated secret (no operator configured one), every start offers a one-time admin sign-in link on the
     * server's own output: whoever can read it already owns the data directory.
     */
    private Future<Void> printAdminLink(LoginLinks links) {
        return links.create("admin", Role.ADMIN, List.of(), Duration.ofHours(1), "system").onSuccess(link -> {
            String host = config.httpHost().equals("0.0.0.0") ? "localhost" : config.httpHost();
            String scheme = config.httpTlsCert().isPresent() ? "https" : "http";
            LOG.info("sign in as admin, once, within the hour: {}://{}:{}/#login={}", scheme, host, httpPort, link.code());
        }).mapEmpty();
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops in reverse order: stop taking work (readiness fails, HTTP drains for the grace period), flush the audit
     * log, leave the cluster (Hazelcast hands partitions over), close the pool, stop PostgreSQL. Runs on its own thread:
     * the Vert.x threads it waits for are the ones being shut down.
     */
    public Future<Void> stop() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                stopInOrder();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "muster-stop");
        t.start();
        return Future.fromCompletionStage(done);
    }

    private void stopInOrder() {
        LOG.info("muster stopping");
        if (audit != null) {
            waitFor(audit.stop(), Duration.ofSeconds(5), "audit flush");
        }
        if (vertx != null) {
            waitFor(vertx.close(), config.shutdownGrace().plusSeconds(30), "vert.x close");
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
        releaseDataDir();
        LOG.info("muster stopped");
    }

    private static void waitFor(Future<?> f, Duration timeout, String what) {
        try {
            f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("{} did not finish cleanly", what, e);
        }
    }

    /** The HTTP port actually bound (useful with port 0). */
    /** The OsmAnd protocol's port once listening; -1 when disabled. */
    public int osmandPort() {
        return osmandPort;
    }

    /** This member's team index (recommendations), once wired. */
    public TeamIndex teamIndex() {
        return teamIndex;
    }

    /** The JT/T 808 port once listening; -1 when disabled. */
    public int jt808Port() {
        return jt808Port;
    }

    public int httpPort() {
        return httpPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** One Muster process per data directory: a second would fight the first over PostgreSQL and secrets. */
    private void lockDataDir() {
        try {
            Files.createDirectories(config.dataDir());
            lockChannel = FileChannel.open(config.dataDir().resolve("muster.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dataDirLock = lockChannel.tryLock();
            if (dataDirLock == null) {
                throw new IllegalStateException("data directory " + config.dataDir() + " is in use by another Muster "
                        + "process; give each member its own MUSTER_DATA_DIR");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + config.dataDir(), e);
        }
    }

    private void releaseDataDir() {
        try {
            if (dataDirLock != null) {
                dataDirLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("data directory lock not released", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage();
    }
}
