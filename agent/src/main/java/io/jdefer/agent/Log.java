package io.jdefer.agent;

/** One line per event on stderr, prefixed {@code [jdefer]}: no logging framework in an agent. */
final class Log {
    private Log() {
        throw new AssertionError();
    }

    private static volatile boolean verbose;

    static void setVerbose(boolean on) {
        verbose = on;
    }

    static boolean verbose() {
        return verbose;
    }

    static void warn(String line) {
        System.err.println("[jdefer] WARNING: " + line);
    }

    static void info(String line) {
        System.err.println("[jdefer] " + line);
    }
}
