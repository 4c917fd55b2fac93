package org.muster.server.store;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL files under {@code db/migration} with Flyway. Several members starting together against
 * one PostgreSQL are safe: Flyway serialises them with an advisory lock. Blocking; call before Vert.x serves.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    public static void apply(String pgUri) {
        PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
        String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
        MigrateResult r = Flyway.configure()
                .dataSource(jdbc, o.getUser(), o.getPassword())
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
        LOG.info("store schema ready [version: {}, applied now: {}]", r.targetSchemaVersion == null
                ? r.initialSchemaVersion : r.targetSchemaVersion, r.migrationsExecuted);
    }
}
