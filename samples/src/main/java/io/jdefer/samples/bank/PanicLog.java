package io.jdefer.samples.bank;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where handlers report the panics they recovered: exactly one entry per failed request. A 4xx
 * is one line (the client's mistake); a 5xx is a bug and is logged with its stack. In quiet mode
 * (the load test) only the first 5xx stack is printed and the rest are counted.
 */
public final class PanicLog {
    private final PrintStream out;
    private final boolean quiet;
    private final AtomicLong clientErrors = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();

    public PanicLog(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    void record(String request, int status, String message, Object panicValue) {
        if (status < 500) {
            clientErrors.incrementAndGet();
            if (!quiet) {
                out.println("[server] " + status + " " + request + ": " + message);
            }
            return;
        }
        long n = serverErrors.incrementAndGet();
        if (quiet && n > 1) {
            return;
        }
        StringBuilder sb = new StringBuilder("[server] " + status + " " + request + ": recovered panic: " + panicValue);
        if (panicValue instanceof Throwable t) {
            StackTraceElement[] st = t.getStackTrace();
            int shown = Math.min(st.length, 12);
            for (int i = 0; i < shown; i++) {
                sb.append(System.lineSeparator()).append("[server]     at ").append(st[i]);
            }
            if (shown < st.length) {
                sb.append(System.lineSeparator()).append("[server]     ... ").append(st.length - shown).append(" more");
            }
        }
        if (quiet) {
            sb.append(System.lineSeparator()).append("[server] (quiet: further 5xx are only counted)");
        }
        out.println(sb);
    }

    public long clientErrors() {
        return clientErrors.get();
    }

    public long serverErrors() {
        return serverErrors.get();
    }
}
