package org.muster.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheContract() {
        MusterConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.osmandPort()).isEqualTo(5055);
        assertThat(c.jt808Port()).isEqualTo(6808);
        assertThat(c.clusterPort()).isEqualTo(5701);
        assertThat(c.embeddedPostgres()).isTrue();
        assertThat(c.clusterMembers()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath().normalize());
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void environmentWinsOverTheFileAndTheFileOverDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("muster.properties");
        Files.writeString(file, "http.port = 9000\nosmand.port=5056\ncluster.members=10.0.0.1:5701, 10.0.0.2\n");
        MusterConfig c = ConfigLoader.load(Optional.of(file), Map.of("MUSTER_HTTP_PORT", "9100",
                "MUSTER_PG_URI", "postgresql://u:p@db:5432/muster"));
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.osmandPort()).isEqualTo(5056);
        assertThat(c.clusterMembers()).extracting(Object::toString).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
        assertThat(c.pgUri()).contains("postgresql://u:p@db:5432/muster");
        assertThat(c.embeddedPostgres()).isFalse();
    }

    @Test
    void rejectsANonNumericPortNamingTheKeyAndTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port").hasMessageContaining("MUSTER_HTTP_PORT").hasMessageContaining("eighty");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_CLUSTER_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.port");
    }

    @Test
    void rejectsAnUnknownKeyInTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("muster.properties");
        Files.writeString(file, "http.prot=9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.prot");
    }

    @Test
    void rejectsAMalformedMemberList() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_CLUSTER_MEMBERS", "a:1,b:x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MUSTER_CLUSTER_MEMBERS").hasMessageContaining("b:x");
    }

    @Test
    void rejectsAPgUriThatIsNotAPostgresUri() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_PG_URI", "jdbc:postgresql://x/y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pg.uri");
    }

    @Test
    void rejectsAMissingConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("absent.properties")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MUSTER_CONFIG");
    }

    @Test
    void rejectsABooleanThatIsNotTrueOrFalse() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_CATALOGUE_SEED", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("catalogue.seed");
    }

    @Test
    void webSocketCompressionIsLevelOneByDefaultZeroTurnsItOffAndTenIsRefused() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).console().compressionLevel()).isEqualTo(1);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("MUSTER_WS_COMPRESSION_LEVEL", "0")).console().compressionLevel())
                .isZero();
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("MUSTER_WS_COMPRESSION_LEVEL", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ws.compression.level");
    }
}
