package io.jdefer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jdefer.Diagnostics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The crash report's race with main's exit (docs/semantics.md, rule 14) under the real agent, in
 * child JVMs of this execution's tier: open-coded, or records pooled or allocated.
 */
class CrashIT {
    private static final boolean OPEN = Boolean.getBoolean("jdefer.expect.opencoded");
    /**
     * The record tiers' 50 runs are in the runtime module's CrashTest (the same runtime code, no
     * agent); here the open-coded tier gets 50 and the agent's record tiers a cheaper 10.
     */
    private static final int RUNS = Integer.getInteger("jdefer.crash.runs", OPEN ? 50 : 10);

    /** This execution's tier for the child, and the cheapest JVM that runs it as an application would. */
    private static List<String> childJvm() {
        String agent = "-javaagent:" + ChildJvm.agentJar() + "="
                + (OPEN ? "opencoded=true" : "opencoded=false,records=" + Diagnostics.recordTier());
        return List.of(agent, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    }

    @BeforeEach
    void notUnderJacoco() {
        // The children run without JaCoCo anyway; the tier executions cover them.
        assumeFalse(Boolean.getBoolean("jdefer.expect.jacoco"));
    }

    @Test
    void panicRace_agentFrame_whenMainReturnsAsTheDeferredCallReleasesIt_crashWinsEveryRun() throws Exception {
        Pattern report = Pattern.compile("\\Apanic: crash " + (OPEN ? 0 : 1) + "\n\ngoroutine (\\d+) \\[running\\]:\n");
        int parallel = Integer.getInteger("jdefer.crash.parallel", Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<String> jvm = childJvm();
        System.out.println("CrashIT race: " + RUNS + " child JVMs " + jvm.subList(0, 1) + ", " + parallel
                + " at a time (-Djdefer.crash.runs, -Djdefer.crash.parallel)");
        List<ChildJvm.Result> misses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                all.add(pool.submit(() -> {
                    ChildJvm.Result r = ChildJvm.run(jvm, null, "io.jdefer.it.child.CrashRaceMain", "race");
                    if (r.exit() != 2 || !report.matcher(r.err()).find() || !r.out().isEmpty()) {
                        misses.add(r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(misses.isEmpty(), misses.size() + " of " + RUNS + " runs lost the crash; first:\n"
                + (misses.isEmpty() ? "" : misses.get(0)));
    }

    private static void assertCrash(String scenario, String head, String stdout) throws Exception {
        ChildJvm.Result r = ChildJvm.run(childJvm(), null, "io.jdefer.it.child.CrashRaceMain", scenario);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith(head), "stderr head, want:\n" + head + "\n" + r);
        assertEquals(stdout, r.out(), r.toString());
    }

    @Test
    void panicWhilePrinting_agentFrame_nestedIntPanic_printsTypeInt() throws Exception {
        assertCrash("printPanicsInt", "fatal error: panic while printing panic value: type int\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void panicWhilePrinting_agentFrame_nestedMultiLineStringPanic_printsItTabIndented() throws Exception {
        assertCrash("printPanicsString", "fatal error: panic while printing panic value: important multi-line\n"
                + "\tstringer message\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void goNil_agentFrame_isAnOrdinaryPanicOfTheCaller_itsDeferredActionsRun() throws Exception {
        assertCrash("goNil", "panic: java.lang.NullPointerException: Go.go(null): go of nil func value;"
                + " pass the goroutine's body\n\ngoroutine 1 [running]:\n", "deferred\n");
    }
}
