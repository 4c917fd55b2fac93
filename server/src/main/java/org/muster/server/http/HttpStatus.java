package org.muster.server.http;

import org.muster.protocol.v1.ErrorCode;

/** The HTTP status of each stable error code. */
final class HttpStatus {
    private HttpStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case ERROR_CODE_MALFORMED_REQUEST, ERROR_CODE_VALIDATION_FAILED -> 400;
            case ERROR_CODE_UNAUTHENTICATED -> 401;
            case ERROR_CODE_FORBIDDEN, ERROR_CODE_UNKNOWN_DEVICE -> 403;
            case ERROR_CODE_NOT_FOUND -> 404;
            case ERROR_CODE_METHOD_NOT_ALLOWED -> 405;
            case ERROR_CODE_CONFLICT, ERROR_CODE_TEAM_NOT_AVAILABLE, ERROR_CODE_INVALID_TRANSITION -> 409;
            case ERROR_CODE_PRECONDITION_FAILED -> 412;
            case ERROR_CODE_PAYLOAD_TOO_LARGE -> 413;
            case ERROR_CODE_UNSUPPORTED_MEDIA_TYPE -> 415;
            case ERROR_CODE_IDEMPOTENCY_KEY_REUSED -> 422;
            case ERROR_CODE_RATE_LIMITED, ERROR_CODE_TOO_MANY_SUBSCRIPTIONS -> 429;
            case ERROR_CODE_UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    /** The code as the API writes it: "VALIDATION_FAILED". */
    static String name(ErrorCode code) {
        return code.name().substring("ERROR_CODE_".length());
    }
}
