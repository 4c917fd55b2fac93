package org.muster.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresTest {

    @Test
    void keepsCommittedRowsAcrossAnOrphanedPostmasterAndARestart(@TempDir Path dataDir) throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, 0);
        try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.user(), first.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (v text)");
            st.execute("INSERT INTO t VALUES ('kept')");
        }
        // The JVM that started `first` "dies" without stopping it: the postmaster is orphaned and still running.
        EmbeddedPostgres second = EmbeddedPostgres.start(dataDir, 0);
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        } finally {
            second.close();
        }
        assertThat(Files.readString(dataDir.resolve("secrets/postgres-password"))).isEqualTo(second.password());
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
    }
}
