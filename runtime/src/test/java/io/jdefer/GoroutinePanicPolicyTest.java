package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 21, the service recipes for a panic escaping a goroutine, each in a child JVM: the default
 * halts (status 2, no shutdown hook), a logging handler keeps the service up with the panic's
 * stack in the log, a handler that calls System.exit shuts down through the shutdown hooks.
 */
class GoroutinePanicPolicyTest {
    private static CrashTest.Result run(String policy) throws Exception {
        return CrashTest.runChild(ServicePolicyMain.class.getName(), List.of("-XX:TieredStopAtLevel=1"), policy);
    }

    @Test
    void default_isGosCrash_haltsWithStatus2_withoutShutdownHooks() throws Exception {
        CrashTest.Result r = run("default");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().startsWith("panic: job failed"), r.toString());
        assertEquals(List.of("goroutine deferred"), r.stdout().lines().toList(), r.toString());
    }

    @Test
    void logAndServe_theServiceGoesOn_andTheLogHasThePanicsStack() throws Exception {
        CrashTest.Result r = run("logAndServe");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("goroutine deferred", "handler: job failed", "next request served", "still serving",
                "shutdown hook ran"), r.stdout().lines().toList(), r.toString());
        assertTrue(r.stderr().contains("goroutine panicked; still serving"), r.toString());
        assertTrue(r.stderr().contains("io.jdefer.Panic: job failed"), r.toString());
        assertTrue(r.stderr().contains("at io.jdefer.ServicePolicyMain.failingJob"), r.toString());
        assertFalse(r.stderr().startsWith("panic: "), "no Go crash report: " + r);
    }

    @Test
    void logAndExit_shutsDownThroughTheShutdownHooks() throws Exception {
        CrashTest.Result r = run("logAndExit");
        assertEquals(2, r.exit(), r.toString());
        assertEquals(List.of("goroutine deferred", "shutdown hook ran"), r.stdout().lines().toList(), r.toString());
        assertTrue(r.stderr().contains("goroutine panicked; shutting down"), r.toString());
        assertTrue(r.stderr().contains("at io.jdefer.ServicePolicyMain.failingJob"), r.toString());
    }
}
