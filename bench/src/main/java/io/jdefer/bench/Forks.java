package io.jdefer.bench;

import io.jdefer.Diagnostics;

/**
 * Checks, run once per trial inside each fork, that the fork is what its benchmark class says it
 * is. A benchmark that silently measured the wrong thing (no agent, platform threads where
 * virtual ones were asked for) would be worse than one that fails.
 */
public final class Forks {
    private Forks() {
        throw new AssertionError("no instances");
    }

    /** Fails unless the worker thread is virtual exactly when {@code -Djmh.executor=VIRTUAL} asked for it. */
    public static void checkExecutor() {
        boolean wanted = "VIRTUAL".equalsIgnoreCase(System.getProperty("jmh.executor"));
        if (Thread.currentThread().isVirtual() != wanted) {
            throw new IllegalStateException("benchmark thread " + Thread.currentThread() + " is "
                    + (wanted ? "not virtual although -Djmh.executor=VIRTUAL asked for it"
                              : "virtual although no -Djmh.executor=VIRTUAL asked for it"));
        }
    }

    /**
     * Fails unless {@code probe}, an {@code @Defer} method that defers one action, ran as an
     * agent-rewritten frame: it then leaves no pending record, where an unrewritten one throws.
     *
     * @param probe calls the class's probe method
     */
    public static void checkAgent(Runnable probe) {
        try {
            probe.run();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("this fork runs jdefer benchmarks without the jdefer agent."
                    + " Each jdefer benchmark class attaches it with @Fork(jvmArgsAppend = \""
                    + AgentJar.JAVAAGENT + "\"): run with forks (-f 1, not -f 0), and pass extra JVM"
                    + " flags with -jvmArgsPrepend (a -jvmArgsAppend on the command line replaces the"
                    + " class's own)", e);
        }
        if (Diagnostics.pendingDefers() != 0) {
            throw new IllegalStateException("the @Defer probe left " + Diagnostics.pendingDefers()
                    + " pending defers: its frame exit did not run");
        }
        String asked = System.getProperty("jdefer.records");
        if (asked != null && !asked.isBlank() && !asked.trim().equalsIgnoreCase(Diagnostics.recordTier())) {
            throw new IllegalStateException("-Djdefer.records=" + asked + " but the runtime uses "
                    + Diagnostics.recordTier());
        }
    }
}
