package org.muster.server.support;

import org.muster.server.store.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (the same embedded binaries the server uses), and a fresh database for
 * every caller, so tests never see each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** The data directory outlives the JVM (target/ is kept between runs) and process ids are reused: add the start. */
    private static final String PREFIX = "t" + ProcessHandle.current().pid() + "_"
            + Long.toString(ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                    .orElseGet(System::currentTimeMillis), 36) + "_";
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Path.of("target", "test-postgres").toAbsolutePath();
                Files.createDirectories(dir);
                server = EmbeddedPostgres.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, empty database; returns its URI. */
    public static String freshDatabase() {
        EmbeddedPostgres pg = server();
        String name = PREFIX + DATABASES.incrementAndGet();
        pg.createDatabase(name);
        return pg.uri(name);
    }
}
