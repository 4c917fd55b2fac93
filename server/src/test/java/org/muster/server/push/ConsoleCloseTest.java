package org.muster.server.push;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Ping;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every close of {@code /ws/console} that the server makes carries a status and a reason the console can act on and is
 * logged once with the stream's epoch; a close the console makes is logged with the status it sent. A silent 1000
 * left nothing to go on when the replay bench's consoles were closed (it was the test client's own doing). Closing a
 * slow console in the middle of a hub's round leaves the consoles after it served (it used to end the round with a
 * ConcurrentModificationException).
 */
class ConsoleCloseTest {
    private static final Captured LOGGED = new Captured();
    /** Errors logged anywhere (Vert.x reports an exception thrown by a timer of the hub as "Unhandled exception"). */
    private static final Captured ERRORS = new Captured();
    private static TestMember m;

    /** Log events as "LEVEL message", followed by the exception's class if there is one. */
    private static final class Captured extends AppenderBase<ILoggingEvent> {
        final Queue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()));
        }
    }

    @BeforeAll
    static void start() {
        LOGGED.start();
        ((Logger) LoggerFactory.getLogger(ConsoleHub.class)).addAppender(LOGGED);
        ERRORS.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent e) {
                // Hazelcast's own connection errors are left out: a member of another test's cluster that retries a
                // stopped peer on a port in the ephemeral range can connect to itself (Linux's TCP self-connect) and
                // logs "Connecting to self!"; that says nothing about this test's hub
                return e.getLevel().isGreaterOrEqual(Level.ERROR) && !e.getLoggerName().startsWith("com.hazelcast")
                        ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        });
        ERRORS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(ERRORS);
        m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_CONSOLE_IDLE_TIMEOUT_SECONDS", "5",
                "MUSTER_CONSOLE_MESSAGES_PER_SECOND", "5"));
    }

    @AfterAll
    static void stop() {
        m.close();
        ((Logger) LoggerFactory.getLogger(ConsoleHub.class)).detachAppender(LOGGED);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(ERRORS);
    }

    private static ConsoleClient console(TestMember member) {
        return ConsoleClient.connect(member.port(),
                member.token("console-" + UUID.randomUUID(), Role.DISPATCHER, List.of(), null));
    }

    /** Subscribes and returns the stream's epoch, the id the server logs the console by. */
    private static String epochOf(ConsoleClient c) {
        c.send(ClientMessage.newBuilder().setRequestId(1).setSubscribe(Subscribe.newBuilder().setEverything(true)).build());
        return c.await(ServerMessage::hasSnapshot, 10_000).getSnapshot().getEpoch();
    }

    private static void awaitClosed(ConsoleClient c, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!c.isClosed() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.isClosed()).as("closed within %d ms", timeoutMs).isTrue();
    }

    /** The one line logged about this epoch that contains every part, waiting a little for it. */
    private static String logged(String epoch, String... parts) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            List<String> about = LOGGED.lines.stream().filter(l -> l.contains("epoch: " + epoch)).toList();
            List<String> matching = about.stream().filter(l -> List.of(parts).stream().allMatch(l::contains)).toList();
            if (!matching.isEmpty() || System.currentTimeMillis() > deadline) {
                assertThat(matching).as("logged about %s: %s", epoch, about).hasSize(1);
                assertThat(about).as("logged once").hasSize(1);
                return matching.get(0);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aConsoleSendingTooFastIsClosedWith1008RateLimitAndTheCloseIsLogged() throws Exception {
        try (ConsoleClient c = console(m)) {
            String epoch = epochOf(c);
            for (int i = 0; i < 30; i++) {
                c.send(ClientMessage.newBuilder().setPing(Ping.getDefaultInstance()).build());
            }
            assertThat(c.await(x -> x.hasError(), 5_000).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_RATE_LIMITED);
            awaitClosed(c, 5_000);
            assertThat(c.closeStatus()).isEqualTo((short) 1008);
            assertThat(c.closeReason()).isEqualTo("rate limit");
            assertThat(logged(epoch, "closing a console", "status: 1008", "reason: rate limit")).startsWith("WARN");
        }
    }

    @Test
    void anIdleConsoleIsClosedWith1001IdleAndTheCloseIsLogged() throws Exception {
        try (ConsoleClient c = console(m)) {
            String epoch = epochOf(c);
            awaitClosed(c, 15_000);
            assertThat(c.closeStatus()).isEqualTo((short) 1001);
            assertThat(c.closeReason()).isEqualTo("idle");
            assertThat(logged(epoch, "closing a console", "status: 1001", "reason: idle", "why: no message for"))
                    .startsWith("INFO");
        }
    }

    @Test
    void aCloseByTheConsoleIsLoggedWithTheStatusItSent() throws Exception {
        String epoch;
        try (ConsoleClient c = console(m)) {
            epoch = epochOf(c);
        }
        assertThat(logged(epoch, "console connection closed", "status: 1000")).startsWith("INFO");
    }

    @Test
    void closingASlowConsoleLeavesTheOtherConsolesOfItsEventLoopServed() throws Exception {
        // a stalled console is cut off as soon as its socket is full and more than 100 changes wait
        TestMember own = new TestMember.Cluster(1).start(0, Map.of("MUSTER_CONSOLE_MAX_PENDING", "100",
                "MUSTER_CONSOLE_WRITE_QUEUE_BYTES", "1024"));
        int errorsBefore = ERRORS.lines.size();
        String token = own.token("console-" + UUID.randomUUID(), Role.DISPATCHER, List.of(), null);
        ClientMessage everything = ClientMessage.newBuilder().setRequestId(1)
                .setSubscribe(Subscribe.newBuilder().setEverything(true)).build();
        // consoles connected after the stalled one: some share its event loop, and come after it in its hub's round
        try (own; StalledConsole slow = StalledConsole.open(own.port(), token, everything);
             ConsoleClient c1 = console(own); ConsoleClient c2 = console(own); ConsoleClient c3 = console(own);
             ConsoleClient c4 = console(own)) {
            List<ConsoleClient> others = List.of(c1, c2, c3, c4);
            others.forEach(ConsoleCloseTest::epochOf);
            String prefix = "SLOWCLOSE-" + UUID.randomUUID().toString().substring(0, 4);
            long started = System.currentTimeMillis();
            int batch = 0;
            for (; batch < 40 && LOGGED.lines.stream().noneMatch(l -> l.contains("reason: slow consumer")); batch++) {
                assertThat(own.send(HttpMethod.POST, "/api/v1/teams:batch", bulkyTeams(prefix + "-" + batch), Map.of())
                        .statusCode()).isEqualTo(200);
                String last = prefix + "-" + batch + "-999";
                for (ConsoleClient c : others) {
                    c.await(x -> x.hasDeltas() && x.getDeltas().getDeltasList().stream()
                            .anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(last)), 10_000);
                }
            }
            assertThat(LOGGED.lines).as("cut off after %d batches in %d ms", batch, System.currentTimeMillis() - started)
                    .anyMatch(l -> l.contains("closing a console") && l.contains("status: 1008")
                            && l.contains("reason: slow consumer"));
            Thread.sleep(200); // a few more rounds of the hub
            assertThat(ERRORS.lines.stream().skip(errorsBefore).toList()).as("errors logged").isEmpty();
            assertThat(others).noneMatch(ConsoleClient::isClosed);
        }
    }

    /** A thousand teams with long texts: a stalled console's buffers fill in a few batches. */
    private static JsonArray bulkyTeams(String prefix) {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 1000; i++) {
            items.add(new JsonObject().put("op", "upsert").put("team", new JsonObject().put("id", prefix + "-" + i)
                    .put("name", "队 " + i).put("tier", "SOCIAL").put("regionCode", "320100")
                    .put("organisation", "x".repeat(190)).put("contact", "y".repeat(190))
                    .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(118.8).add(32.0)))));
        }
        return items;
    }

    @Test
    void stoppingTheMemberClosesItsConsolesWith1001AndLogsEach() throws Exception {
        TestMember own = TestMember.single();
        try (ConsoleClient c = console(own)) {
            String epoch = epochOf(c);
            own.close();
            awaitClosed(c, 10_000);
            assertThat(c.closeStatus()).isEqualTo((short) 1001);
            assertThat(c.closeReason()).isEqualTo("server shutting down");
            assertThat(logged(epoch, "closing a console", "status: 1001", "reason: server shutting down")).startsWith("INFO");
        }
    }
}
