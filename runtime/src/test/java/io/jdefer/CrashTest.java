package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rules 13 and 14 (go-reference G15–G18, G32, G33, G38–G41, G47, G49) in a child JVM: exit
 * status 2, stderr head as Go 1.25 prints it, the panicking goroutine's deferred actions ran first
 * and other goroutines' did not, and the exit of {@code Go.main} never loses a goroutine's crash.
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
    void valueToStringThrows_whenReporting_printsFatalErrorWithTheThrowablesType() throws Exception {
        // Go's preprintpanics prints a nested panic's value only if it is a string; an error
        // (here a Java exception) is printed as its type.
        assertCrash(crash("printFails"),
                "fatal error: panic while printing panic value: type java.lang.IllegalStateException\n\n"
                        + "goroutine 1 [running]:\n", "");
    }

    @Test
    void valueToStringPanicsWithMultiLineString_whenReporting_printsItTabIndented() throws Exception {
        // Go's TestPanicWhilePanicking StringerPanic.
        assertCrash(crash("printPanicsString"), "fatal error: panic while printing panic value: important multi-line\n"
                + "\tstringer message\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void throwableMessagePanicsWithMultiLineString_whenReporting_printsItTabIndented() throws Exception {
        // ErrorPanic: the escaping value is an error whose text panics.
        assertCrash(crash("errorPanicsString"), "fatal error: panic while printing panic value: important multi-line\n"
                + "\terror message\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void valueToStringPanicsWithInt_whenReporting_printsTypeInt() throws Exception {
        assertCrash(crash("printPanicsInt"),
                "fatal error: panic while printing panic value: type int\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void valueToStringPanicsWithUnprintableValue_whenReporting_printsItsTypeWithoutPrintingIt() throws Exception {
        // DoubleStringerPanic: the nested value's own toString is never called.
        assertCrash(crash("printPanicsValue"), "fatal error: panic while printing panic value: "
                + "type io.jdefer.CrashMain$Unprintable\n\ngoroutine 1 [running]:\n", "");
    }

    @Test
    void valueToStringPanicsWithNil_whenReporting_printsPanicNilErrorsGoType() throws Exception {
        assertCrash(crash("printPanicsNil"), "fatal error: panic while printing panic value: "
                + "type *runtime.PanicNilError\n\ngoroutine 1 [running]:\n", "");
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
    void goNil_whenNotRecovered_isAnOrdinaryPanicOfTheCaller_notGosFatalError() throws Exception {
        assertCrash(crash("goNil"), "panic: java.lang.NullPointerException: Go.go(null): go of nil func value;"
                + " pass the goroutine's body\n\ngoroutine 1 [running]:\n", "main deferred\n");
    }

    private static final Pattern RACE_REPORT =
            Pattern.compile("\\Apanic: crash\n\ngoroutine (\\d+) \\[running\\]:\n");

    /**
     * Runs {@code scenario} in {@code runs} child JVMs, {@code parallel} at a time, and returns
     * every result that is not the goroutine's crash.
     */
    private static List<Result> raceMisses(String scenario, int runs) throws Exception {
        int parallel = Integer.getInteger("jdefer.crash.parallel", Math.max(2, Runtime.getRuntime().availableProcessors()));
        System.out.println("CrashTest " + scenario + ": " + runs + " child JVMs, " + parallel
                + " at a time (-Djdefer.crash.runs, -Djdefer.crash.parallel)");
        List<Result> misses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                all.add(pool.submit(() -> {
                    Result r = runChild(120, CrashMain.class.getName(), RACE_JVM, scenario);
                    if (r.exit() != 2 || !RACE_REPORT.matcher(r.stderr()).find() || !r.stdout().isEmpty()) {
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
        return misses;
    }

    /** The cheapest child JVM that still runs the scenario as an application would. */
    private static final List<String> RACE_JVM =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");

    private static final int RACE_RUNS = Integer.getInteger("jdefer.crash.runs", 50);

    @Test
    void panicRace_whenMainReturnsAsTheGoroutinesDeferredCallReleasesIt_crashWinsEveryRun() throws Exception {
        // Go's TestPanicRace: a goroutine counts as panicking from the moment its panic starts,
        // so main's exit waits, and the crash report and exit status 2 win.
        List<Result> misses = raceMisses("panicRace", RACE_RUNS);
        assertTrue(misses.isEmpty(), misses.size() + " of " + RACE_RUNS + " runs lost the crash; first:\n"
                + (misses.isEmpty() ? "" : misses.get(0)));
    }

    @Test
    void panicRace_whenThePanicCrossesPlainJavaBetweenFrames_crashWinsEveryRun() throws Exception {
        int runs = Math.max(1, RACE_RUNS / 5);
        List<Result> misses = raceMisses("panicRaceThroughJava", runs);
        assertTrue(misses.isEmpty(), misses.size() + " of " + runs + " runs lost the crash; first:\n"
                + (misses.isEmpty() ? "" : misses.get(0)));
    }

    @Test
    void panickingGoroutineParkedInDeferredCall_whenMainReturns_programEndsWithStatus0() throws Exception {
        Result r = crash("deferredCallBlocks");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("main returned\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void systemExit_whileAGoroutinePanics_exitsAtOnceWithItsStatus() throws Exception {
        Result r = crash("exitWhilePanicking");
        assertEquals(3, r.exit(), r.toString());
        assertEquals("", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void goroutineRecoveredAndStillRunning_whenMainReturns_programEndsWithStatus0() throws Exception {
        Result r = crash("recoveredThenBusy");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("goroutine recovered stopped\nmain returned\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void goroutineCaughtPanicInJavaAndStillRunning_whenMainReturns_programEndsWithStatus0() throws Exception {
        Result r = crash("caughtThenBusy");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("goroutine caught caught\nmain returned\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void mainReturns_whenGoroutineParked_programEndsWithStatus0() throws Exception {
        Result r = crash("mainReturns");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("main deferred\nmain returned\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }
}
