package org.muster.server.replay;

import org.muster.protocol.v1.ServerMessage;

/**
 * A participant's console, as the replay driver sees it. {@link #send} may be called from any thread; the console's
 * hub writes on its own context.
 */
public interface ReplayViewer {
    /** Who it is (the token's subject). */
    String participant();

    void send(ServerMessage message);

    /** False once the console has gone; the driver then forgets it. */
    boolean open();

    /**
     * False while the console's socket cannot take more (its write queue is full): the driver then sends it no frames
     * and, once it can take them again, a keyframe that puts it back in step with the others.
     */
    default boolean writable() {
        return true;
    }
}
