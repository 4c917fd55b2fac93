package org.muster.server.ingest.jt808;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a subpackaged JT/T 808 message back together: a terminal whose message body is longer than a frame can carry
 * (a blind-area batch of many positions, typically) sends it in packages, each with the total and its index
 * (counted from 1) in the header and consecutive serial numbers. A package is kept until every package of its
 * message has come, in any order; a package sent again replaces the one kept.
 *
 * <p>Bounded, because the packages come from the network: at most {@link #MAX_PACKAGES} packages to a message,
 * at most {@link #MAX_MESSAGES} messages in progress per connection (a new one drops the oldest), and a message whose
 * last package came more than {@link #MAX_AGE_MS} ago is dropped. Not thread-safe: one per connection.
 */
public final class Jt808Reassembler {
    /** A message of more packages (about 64 KiB of body) is refused. */
    public static final int MAX_PACKAGES = 64;
    public static final int MAX_MESSAGES = 4;
    public static final long MAX_AGE_MS = 5 * 60_000;

    /** What became of a package. */
    public sealed interface Outcome permits Kept, Complete, Refused {
    }

    /** Kept; the message still misses packages. */
    public record Kept(int have, int total) implements Outcome {
    }

    /**
     * The message is whole: {@code header} is the last package's header without its package fields (its serial is
     * the last package's), {@code body} every package's body in index order.
     */
    public record Complete(Jt808Header header, byte[] body) implements Outcome {
    }

    /** Not a package that can belong to a message (index out of range, too many packages, encrypted). */
    public record Refused(String reason) implements Outcome {
    }

    private record Key(int messageId, int total, int firstSerial) {
    }

    private static final class Partial {
        final byte[][] bodies;
        int have;
        long lastMs;

        Partial(int total) {
            bodies = new byte[total][];
        }
    }

    private final LinkedHashMap<Key, Partial> partials = new LinkedHashMap<>();
    private long dropped;
    private long heldBytes;

    /** Bytes of package bodies held now. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Messages dropped incomplete so far (too old, or pushed out by newer ones). */
    public long dropped() {
        return dropped;
    }

    /** Messages in progress. */
    public int inProgress() {
        return partials.size();
    }

    /**
     * Takes one package.
     *
     * @param packageHeader its header, with {@link Jt808Header#subpackage()} set
     * @param body          its part of the body
     * @param nowMs         the current time, for the age limit
     */
    public Outcome offer(Jt808Header packageHeader, byte[] body, long nowMs) {
        Objects.requireNonNull(packageHeader, "packageHeader");
        Objects.requireNonNull(body, "body");
        Jt808Header.Subpackage sp = packageHeader.subpackage();
        if (sp == null) {
            throw new IllegalArgumentException("not a package: " + packageHeader);
        }
        if (packageHeader.encryption() != 0) {
            return new Refused("encrypted messages are not supported");
        }
        int total = sp.total();
        int index = sp.index();
        if (total < 1 || index < 1 || index > total) {
            return new Refused("package " + index + " of " + total);
        }
        if (total > MAX_PACKAGES) {
            return new Refused("a message of " + total + " packages exceeds " + MAX_PACKAGES);
        }
        expire(nowMs);
        Key key = new Key(packageHeader.messageId(), total, (packageHeader.serial() - (index - 1)) & 0xFFFF);
        Partial p = partials.get(key);
        if (p == null) {
            if (partials.size() >= MAX_MESSAGES) {
                Iterator<Partial> oldest = partials.values().iterator();
                forget(oldest.next());
                oldest.remove();
                dropped++;
            }
            p = new Partial(total);
            partials.put(key, p);
        }
        if (p.bodies[index - 1] == null) {
            p.have++;
        } else {
            heldBytes -= p.bodies[index - 1].length;
        }
        p.bodies[index - 1] = body;
        heldBytes += body.length;
        p.lastMs = nowMs;
        if (p.have < total) {
            return new Kept(p.have, total);
        }
        partials.remove(key);
        forget(p);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (byte[] b : p.bodies) {
            whole.writeBytes(b);
        }
        Jt808Header h = packageHeader;
        return new Complete(new Jt808Header(h.messageId(), h.terminalPhone(), h.serial(), h.versioned(),
                h.protocolVersion(), h.encryption(), null), whole.toByteArray());
    }

    private void expire(long nowMs) {
        for (Iterator<Map.Entry<Key, Partial>> it = partials.entrySet().iterator(); it.hasNext(); ) {
            Partial p = it.next().getValue();
            if (nowMs - p.lastMs > MAX_AGE_MS) {
                forget(p);
                it.remove();
                dropped++;
            }
        }
    }

    /** Drops everything held (the connection is gone); returns the bytes freed. */
    public long clear() {
        long freed = heldBytes;
        dropped += partials.size();
        partials.clear();
        heldBytes = 0;
        return freed;
    }

    private void forget(Partial p) {
        for (byte[] b : p.bodies) {
            if (b != null) {
                heldBytes -= b.length;
            }
        }
    }
}
