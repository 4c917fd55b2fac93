package org.muster.server.events;

import org.muster.protocol.v1.ErrorCode;

/**
 * A command or request that is refused, with a stable code from {@link ErrorCode}. HTTP renders it as problem+json,
 * WebSockets as an Error message. The detail is for humans and must not leak internals.
 */
public final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode code;
    private final String field;

    public Rejection(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    public Rejection(ErrorCode code, String detail, String field) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
    }

    public static Rejection invalid(String field, String detail) {
        return new Rejection(ErrorCode.ERROR_CODE_VALIDATION_FAILED, field + ": " + detail, field);
    }

    public static Rejection notFound(String what, String id) {
        return new Rejection(ErrorCode.ERROR_CODE_NOT_FOUND, what + " " + id + " does not exist");
    }

    public static Rejection conflict(String detail) {
        return new Rejection(ErrorCode.ERROR_CODE_CONFLICT, detail);
    }

    /**
     * This member sees fewer than a majority of the listed members (split-brain protection): it takes no writes, since
     * their events could not reach the live picture and the majority would not see them.
     */
    public static Rejection minority() {
        return new Rejection(ErrorCode.ERROR_CODE_UNAVAILABLE,
                "this member sees only a minority of the cluster and takes no writes; use a member of the majority");
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending field as a JSON path ("home.coordinates[0]"), or null. */
    public String field() {
        return field;
    }
}
