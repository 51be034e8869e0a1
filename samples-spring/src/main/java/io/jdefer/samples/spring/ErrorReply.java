package io.jdefer.samples.spring;

import io.jdefer.Panic;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Turns a recovered panic into the JSON error reply: never an empty 200. */
final class ErrorReply {
    private ErrorReply() {
    }

    /**
     * The reply for {@code t}, and its log line: a 5xx with the throwable, whose stack trace
     * (from {@code recoverThrowable()}) starts where the panic was raised; a 4xx on one line.
     */
    static ResponseEntity<Object> of(Throwable t, Logger log) {
        // what a CGLIB proxy wraps around a checked panic it may not throw (see TrapService)
        Throwable cause = t instanceof UndeclaredThrowableException u && u.getUndeclaredThrowable() != null
                ? u.getUndeclaredThrowable() : t;
        HttpStatus status = switch (cause) {
            case IllegalArgumentException e -> HttpStatus.BAD_REQUEST;
            case Accounts.NoSuchAccountException e -> HttpStatus.NOT_FOUND;
            case DataIntegrityViolationException e -> HttpStatus.CONFLICT;   // the CHECK: an overdraft
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        String message = cause instanceof Panic p ? String.valueOf(p.value()) : firstLine(cause.getMessage());
        if (status.is5xxServerError()) {
            log.error("request {} failed: {}", MDC.get(RequestIdFilter.MDC_KEY), message, t);
        } else {
            log.info("request {} refused ({}): {}", MDC.get(RequestIdFilter.MDC_KEY), status.value(), message);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", message);
        body.put("panic", cause.getClass().getName());
        if (cause != t) {
            body.put("wrappedIn", t.getClass().getName());
        }
        body.put("requestId", MDC.get(RequestIdFilter.MDC_KEY));
        return ResponseEntity.status(status).body(body);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
