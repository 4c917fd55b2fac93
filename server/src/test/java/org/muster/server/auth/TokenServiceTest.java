package org.muster.server.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {
    private static Vertx vertx;
    private static final String SECRET = "unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static MusterConfig.Auth auth() {
        return ConfigLoader.load(Optional.empty(), Map.of("MUSTER_AUTH_JWT_SECRET", SECRET)).auth();
    }

    @Test
    void anIssuedTokenVerifiesToItsPrincipal() throws Exception {
        TokenService tokens = new TokenService(vertx, auth(), SECRET, Clock.systemUTC());
        TokenService.Issued issued = tokens.issue("centre-51", Role.REGIONAL_CENTRE, List.of("510000"), null, Duration.ofMinutes(5));
        Principal p = tokens.verify(issued.token()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(p.subject()).isEqualTo("centre-51");
        assertThat(p.role()).isEqualTo(Role.REGIONAL_CENTRE);
        assertThat(p.regions()).containsExactly("510000");
        assertThat(p.tokenId()).isEqualTo(issued.tokenId());
    }

    @Test
    void aTokenOfAnotherSecretDoesNotVerify() {
        TokenService mine = new TokenService(vertx, auth(), SECRET, Clock.systemUTC());
        TokenService theirs = new TokenService(vertx, auth(), SECRET + "x", Clock.systemUTC());
        String foreign = theirs.issue("x", Role.ADMIN, List.of(), null, Duration.ofMinutes(5)).token();
        assertThatThrownBy(() -> mine.verify(foreign).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasMessageContaining("invalid");
    }

    @Test
    void regionsCoverWhatLiesBelowThem() {
        assertThat(Principal.covers(List.of("510000"), "513322")).isTrue();
        assertThat(Principal.covers(List.of("511800"), "511822")).isTrue();
        assertThat(Principal.covers(List.of("511800"), "513322")).isFalse();
        assertThat(Principal.covers(List.of("511822"), "511822")).isTrue();
        assertThat(Principal.covers(List.of(), "110000")).isTrue();
    }
}
