package io.jdefer.samples.bank;

/**
 * A panic the service expects and maps to an HTTP status: 400 bad input, 404 unknown account,
 * 409 conflict, 503 overloaded. Anything else that reaches a handler is a bug: 500.
 */
public final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    private Failure(int status, String message) {
        super(message, null, false, false);     // expected failures: no stack trace to fill
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static Failure badRequest(String message) {
        return new Failure(400, message);
    }

    public static Failure notFound(String message) {
        return new Failure(404, message);
    }

    public static Failure conflict(String message) {
        return new Failure(409, message);
    }

    public static Failure unavailable(String message) {
        return new Failure(503, message);
    }
}
