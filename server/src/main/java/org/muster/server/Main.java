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
import org.muster.server.config.ConfigException;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.IncidentCommands;
import org.muster.server.events.TeamCommands;
import org.muster.server.http.Api;
import org.muster.server.live.LivePicture;
import org.muster.server.store.EmbeddedPostgres;
import org.muster.server.store.EventStore;
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

    public Main(MusterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static void main(String[] args) {
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
        VertxOptions options = new VertxOptions()
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
                .onSuccess(v -> LOG.info("muster ready [http: {}, cluster: {} members, dataDir: {}]", httpPort,
                        hazelcast.getCluster().getMembers().size(), config.dataDir()))
                .onFailure(e -> stop());
    }

    private Future<Void> wire(PrometheusMeterRegistry metrics) {
        EventStore store = new PgEventStore(pool);
        LivePicture live = new LivePicture(hazelcast, store);
        CommandRunner runner = new CommandRunner(store, live);
        TeamCommands teams = new TeamCommands(live, clock);
        IncidentCommands incidents = new IncidentCommands(live, clock);
        CatalogueCommands catalogue = new CatalogueCommands(live, clock);
        Api api = new Api(vertx, hazelcast, store, live, runner, teams, incidents, catalogue, metrics, clock,
                shuttingDown::get);
        return vertx.deployVerticle(live, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP))
                .compose(id -> config.catalogueSeed() ? api.builtInCatalogue().seedIfFirstStart() : Future.succeededFuture())
                .compose(v -> vertx.deployVerticle(() -> api.httpVerticle(config, port -> httpPort = port),
                        new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))))
                .mapEmpty();
    }

    /**
     * Stops in reverse order: stop taking work (readiness fails, HTTP drains for the grace period), leave the cluster
     * (Hazelcast hands partitions over), close the pool, stop PostgreSQL.
     */
    public Future<Void> stop() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        LOG.info("muster stopping");
        Future<Void> closed = vertx == null ? Future.succeededFuture() : vertx.close();
        return closed.transform(ar -> {
            if (ar.failed()) {
                LOG.warn("vert.x did not close cleanly", ar.cause());
            }
            if (embeddedPostgres != null) {
                embeddedPostgres.close();
            }
            releaseDataDir();
            LOG.info("muster stopped");
            return Future.<Void>succeededFuture();
        });
    }

    /** The HTTP port actually bound (useful with port 0). */
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
