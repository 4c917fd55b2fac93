package org.muster.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ServerMessage;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of /ws/console for tests: sends ClientMessages, collects ServerMessages. */
public final class ConsoleClient implements AutoCloseable {
    private final Vertx vertx;
    /**
     * Held for as long as the connection is used: Vert.x 5 registers every WebSocketClient with a Cleaner, and once the
     * client is garbage-collected it shuts down gracefully, which closes its connections with 1000 thirty seconds later.
     */
    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private volatile Short closeStatus;
    private volatile String closeReason;
    private volatile Throwable failure;

    /** The last error the connection reported, if any (a frame it could not take, a broken link). */
    public Throwable failure() {
        return failure;
    }

    private ConsoleClient(Vertx vertx, WebSocketClient client, WebSocket ws) {
        this.vertx = vertx;
        this.client = client;
        this.ws = ws;
        ws.binaryMessageHandler(b -> {
            try {
                received.add(ServerMessage.parseFrom(b.getBytes()));
            } catch (Exception e) {
                throw new IllegalStateException("the server sent something that is not a ServerMessage", e);
            }
        });
        ws.exceptionHandler(e -> failure = e);
        ws.closeHandler(v -> {
            closeStatus = ws.closeStatusCode();
            closeReason = ws.closeReason();
        });
    }

    public static ConsoleClient connect(int port, String token) {
        return connect(port, token, false);
    }

    /** With {@code offerDeflate}, the client offers permessage-deflate, as browsers always do. */
    public static ConsoleClient connect(int port, String token, boolean offerDeflate) {
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 * 1024 * 1024)
                .setMaxFrameSize(64 * 1024 * 1024).setTryUsePerMessageCompression(offerDeflate));
        try {
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                            .setURI("/ws/console?access_token=" + token))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new ConsoleClient(vertx, client, ws);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot connect the console", e);
        }
    }

    /** The extensions the server accepted in its handshake answer ({@code Sec-WebSocket-Extensions}), or null. */
    public String extensions() {
        return ws.headers().get("Sec-WebSocket-Extensions");
    }

    public void send(ClientMessage m) {
        ws.writeBinaryMessage(Buffer.buffer(m.toByteArray()));
    }

    public void sendRaw(Buffer b) {
        ws.writeBinaryMessage(b);
    }

    public void sendText(String s) {
        ws.writeTextMessage(s);
    }

    /** Stops reading: the server's frames pile up in TCP buffers, as with a console on a bad link. */
    public void pause() {
        ws.pause();
    }

    public void resume() {
        ws.resume();
    }

    /** The next message that satisfies the predicate (others are skipped), or an assertion error after the timeout. */
    public ServerMessage await(Predicate<ServerMessage> wanted, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            while (true) {
                long left = deadline - System.currentTimeMillis();
                ServerMessage m = received.poll(Math.max(0, left), TimeUnit.MILLISECONDS);
                if (m == null) {
                    throw new AssertionError("no wanted message within " + timeoutMs + " ms");
                }
                if (wanted.test(m)) {
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public ServerMessage next(long timeoutMs) {
        return await(m -> true, timeoutMs);
    }

    public boolean isClosed() {
        return closeStatus != null;
    }

    public Short closeStatus() {
        return closeStatus;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Drops the connection without a close handshake's courtesy for the server to notice at once. */
    @Override
    public void close() {
        try {
            ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already closed
        }
        client.close();
        vertx.close();
    }
}
