package org.muster.server.push;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console hubs of this member (one per HTTP event loop) and the sessions a console may resume. Thread-safe.
 */
public final class ConsoleHubs {
    private final List<ConsoleHub> hubs = new CopyOnWriteArrayList<>();
    /** Sessions by epoch, attached or waiting to be resumed; a session belongs to one hub at a time. */
    final ConcurrentHashMap<String, ConsoleSession> sessions = new ConcurrentHashMap<>();

    void add(ConsoleHub hub) {
        hubs.add(hub);
    }

    void remove(ConsoleHub hub) {
        hubs.remove(hub);
    }

    /** Called on the live context for every change. */
    void publish(Change c) {
        for (ConsoleHub h : hubs) {
            h.offer(c);
        }
    }

    /** Consoles connected to this member now. */
    public int connections() {
        int n = 0;
        for (ConsoleHub h : hubs) {
            n += h.connections();
        }
        return n;
    }
}
