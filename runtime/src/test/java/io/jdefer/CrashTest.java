package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rule 14 (go-reference G15–G18, G32, G33, G38, G47, G49) in a child JVM: exit status 2, stderr
 * head as Go 1.25 prints it, the panicking goroutine's deferred actions ran first and other
 * goroutines' did not.
 */
class CrashTest {
    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Result runChild(String mainClass, List<String> jvmArgs, String... args) throws Exception {
        return runChild(60, mainClass, jvmArgs, args);
    }

    static Result runChild(int timeoutSeconds, String mainClass, List<String> jvmArgs, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-Djdefer.records=" + System.getProperty("jdefer.records", "pooled"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // One thread per pipe (not the common pool, which may have a single worker): a child
        // blocked writing to a full pipe would never end.
        CompletableFuture<String> out = new CompletableFuture<>();
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> out.complete(read(p.getInputStream())));
        Thread.ofPlatform().daemon().start(() -> err.complete(read(p.getErrorStream())));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not end in " + timeoutSeconds + " s: " + cmd);
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result crash(String scenario) throws Exception {
        return runChild(CrashMain.class.getName(), List.of("-XX:TieredStopAtLevel=1"), scenario);
    }

    private static void assertCrash(Result r, String head, String stdout) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().startsWith(head), "stderr head, want:\n" + head + "\n" + r);
        assertEquals(stdout, r.stdout(), r.toString());
    }

    @Test
    void simplePanic_whenEscapesMain_printsGoReportAfterDefersAndExits2() throws Exception {
        Result r = crash("simple");
        assertCrash(r, "panic: boom\n\ngoroutine 1 [running]:\n",
                "inner deferred\nmain deferred 2\nmain deferred 1\n");
        String[] lines = r.stderr().split("\n");
        assertTrue(lines.length > 3 && lines[4].startsWith("\t"), "a stack follows: " + r);
    }

    @Test
    void recoveredThenNewPanic_whenEscapes_printsRecoveredTag() throws Exception {
        assertCrash(crash("recovered"),
                "panic: first panic [recovered]\n\tpanic: second panic\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void repanic_whenSameValue_printsRecoveredRepanicked() throws Exception {
        assertCrash(crash("repanicked"), "panic: message [recovered, repanicked]\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void repanic_whenSameThrowable_printsRecoveredRepanicked() throws Exception {
        assertCrash(crash("repanickedThrowable"),
                "panic: java.lang.IllegalStateException: bad state [recovered, repanicked]\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void repanicSandwich_whenOuterValueRepanickedInsideInner_printsThreeLines() throws Exception {
        assertCrash(crash("sandwich"),
                "panic: outer [recovered]\n\tpanic: inner [recovered]\n\tpanic: outer\n\ngoroutine 1 [running]:\n",
                "sandwich deferred ran\n");
    }

    @Test
    void nestedPanics_whenNoneRecovered_printOneLinePerPanicOldestFirst() throws Exception {
        assertCrash(crash("nested"),
                "panic: first\n\tpanic: second\n\tpanic: third\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void panicNil_whenEscapes_printsPanicNilErrorText() throws Exception {
        assertCrash(crash("nil"), "panic: panic called with nil argument\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void throwable_whenEscapes_printsItsToString() throws Exception {
        assertCrash(crash("throwable"),
                "panic: java.lang.IllegalArgumentException: bad argument\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void multiLineValue_whenEscapes_indentsContinuationWithTab() throws Exception {
        // Go 1.23: the traceback indents the second and subsequent lines of the panic value.
        assertCrash(crash("multiline"), "panic: line one\n\tline two\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void valueToStringThrows_whenReporting_printsFatalErrorPanicWhilePrinting() throws Exception {
        assertCrash(crash("printFails"),
                "fatal error: panic while printing panic value: cannot print\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void goexitInMain_whenOtherGoroutinesFinish_diesWithDeadlock() throws Exception {
        assertCrash(crash("goexitDeadlock"), "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
                "main deferred\nother goroutine finished\n");
    }

    @Test
    void panicAfterGoexit_whenNotRecovered_reportOmitsGoexit() throws Exception {
        assertCrash(crash("panicAfterGoexit"), "panic: hello\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void goroutinePanic_whenMainParkedInFrame_killsProgramWithoutRunningMainsDefers() throws Exception {
        Result r = crash("goroutine");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(Pattern.compile("\\Apanic: boom\n\ngoroutine (\\d+) \\[running\\]:\n").matcher(r.stderr()).find(),
                r.toString());
        assertTrue(!r.stderr().startsWith("panic: boom\n\ngoroutine 1 "), "not the main goroutine: " + r);
        assertEquals("goroutine inner deferred\ngoroutine deferred\n", r.stdout(), r.toString());
    }

    @Test
    void panicRecoverGoexit_whenNoRecordingRunning_loadNoJfrEventClasses() throws Exception {
        // JFR events are near-zero cost when off (docs/architecture.md, "Observability"). Loading
        // the event classes on the first panic took seconds on a busy machine (and reordered this
        // file's goexit scenario).
        Result r = runChild(CrashMain.class.getName(), List.of("-Xlog:class+load=info:stderr"), "recoveredQuietly");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().startsWith("recovered quiet\n"), r.stdout());
        assertTrue(!r.stderr().contains("io.jdefer.internal.Events$"), "event classes loaded:\n"
                + r.stderr().lines().filter(l -> l.contains("jfr") || l.contains("Events")).toList());
    }

    @Test
    void mainReturns_whenGoroutineParked_programEndsWithStatus0() throws Exception {
        Result r = crash("mainReturns");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("main deferred\nmain returned\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }
}
