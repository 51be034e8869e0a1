package io.jdefer.samples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's demo session and the bounded load test, in this (agent-attached) JVM. */
class BankServiceTest {

    @Test
    void demo_scriptedSession_answersEachStepAndPassesItsChecks() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Demo.Result r = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(r.agentAttached(), "the jdefer agent is not attached to the test JVM");
        // list, good, bad input, unknown account, panic deep in code, conflict pair, fan-out ok/404, batches, health
        assertEquals(List.of(200, 201, 400, 404, 500, 201, 409, 200, 404, 201, 201, 200), r.statuses(), out);
        assertTrue(r.invariants().ok(), () -> "invariants: " + r.invariants().failures());
        assertEquals(1, r.serverErrorsLogged(), "the one 500 is logged once");
        assertEquals(1, out.lines().filter(l -> l.startsWith("[server] 500 ")).count(), "logged once, with its stack");
        assertTrue(out.contains("at io.jdefer.samples.bank.AuditTrail.normalize"), "the log shows where it panicked");
        assertTrue(out.contains("demo finished: every check passed"), out);
    }

    @Test
    void loadTest_mixedRequests_noCrashNoLeakEveryFailureRolledBack() throws Exception {
        // The CI budget, checked on what the test asks for rather than on a wall clock that a loaded
        // machine stretches: every load window ends at its deadline.
        double planned = LoadTest.plannedSeconds(1, 4, 1);
        assertTrue(planned <= 15, "the CI load test must drive at most 15 s of load, asks for " + planned);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        LoadTest.Report r = LoadTest.run(new PrintStream(buf, true, StandardCharsets.UTF_8), 1, 4, 1);
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.printf("load test took %.1f s for %.0f s of load%n", (System.nanoTime() - t0) / 1e9, planned);
        for (LoadTest.Figures f : List.of(r.defer(), r.finallyBaseline())) {
            assertEquals(0, f.transportErrors.sum(), f.name + ": requests that got no HTTP answer");
            for (int status : new int[] {201, 400, 404, 409, 500}) {
                assertTrue(f.status(status) > 0, f.name + ": the mix must produce " + status + ": " + f);
            }
        }
        assertTrue(r.deferAlive() && r.finallyAlive(), "both servers still answer /health");
        assertTrue(r.deferChecks().ok(), () -> "@Defer service: " + r.deferChecks().failures());
        assertTrue(r.finallyChecks().ok(), () -> "try/finally service: " + r.finallyChecks().failures());
        assertEquals(r.defer500sSeen(), r.deferServerErrorsLogged(), "every 500 logged exactly once");
        // the throughput ratio is printed, not asserted: on a shared 2-core CI box one-second windows are noise
    }

    @Test
    void handlerBench_sameMixWithoutNetwork_keepsTheInvariants() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        HandlerBench.Result r = HandlerBench.run(new PrintStream(buf, true, StandardCharsets.UTF_8), 2, 1000);
        System.out.println(buf.toString(StandardCharsets.UTF_8));
        assertTrue(r.deferChecks().ok(), () -> "@Defer service: " + r.deferChecks().failures());
        assertTrue(r.finallyChecks().ok(), () -> "try/finally service: " + r.finallyChecks().failures());
        assertTrue(r.ratio() > 0, "measured something");
    }
}
