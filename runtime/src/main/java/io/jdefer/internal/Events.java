package io.jdefer.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR events for the rare paths only (never per {@code defer}: even a disabled event costs a check
 * on a path that must stay at try/finally speed): a panic starts, a panic is recovered, a panic
 * escapes a goroutine, a goroutine calls Goexit. All are disabled by default; enable them with the
 * {@code jdefer.jfc} shipped in the runtime jar ({@code io/jdefer/jdefer.jfc}, also
 * {@code docs/jdefer.jfc}): {@code -XX:StartFlightRecording:settings=default,settings=jdefer.jfc,...} (an
 * {@code event#enabled=true} option is refused at startup: the event classes are not loaded yet),
 * or {@code Recording.enable("jdefer.PanicStarted")}. Until a recording has started they cost one
 * static check and load no JFR class (loading the event classes on the first panic took seconds on
 * a busy machine); when a recording is not asking for them they cost one allocation that escape
 * analysis removes.
 */
final class Events {
    private Events() {
        throw new AssertionError();
    }

    @Name("jdefer.PanicStarted")
    @Label("Panic Started")
    @Category("jdefer")
    @Description("A throwable started unwinding a jdefer frame (a Go panic)")
    @Enabled(false)
    @StackTrace(true)
    static final class PanicStarted extends Event {
        @Label("Value Type")
        String valueType;
        @Label("Message")
        String message;
        @Label("Goroutine")
        long goroutine;
        @Label("Thrown At")
        String thrownAt;
    }

    @Name("jdefer.PanicRecovered")
    @Label("Panic Recovered")
    @Category("jdefer")
    @Description("A deferred call recovered a panic")
    @Enabled(false)
    @StackTrace(true)
    static final class PanicRecovered extends Event {
        @Label("Value Type")
        String valueType;
        @Label("Message")
        String message;
        @Label("Goroutine")
        long goroutine;
        @Label("Recovered By")
        @Description("The deferred call that called recover, or the @Recover frame")
        String recoveredBy;
    }

    @Name("jdefer.PanicUncaught")
    @Label("Panic Uncaught")
    @Category("jdefer")
    @Description("A panic escaped a goroutine's body and goes to the uncaught-panic handler")
    @Enabled(false)
    @StackTrace(false)
    static final class PanicUncaught extends Event {
        @Label("Value Type")
        String valueType;
        @Label("Message")
        String message;
        @Label("Goroutine")
        long goroutine;
    }

    @Name("jdefer.Goexit")
    @Label("Goexit")
    @Category("jdefer")
    @Description("A goroutine called Go.goexit()")
    @Enabled(false)
    @StackTrace(true)
    static final class Goexit extends Event {
        @Label("Goroutine")
        long goroutine;
    }

    static void panicStarted(PanicRecord p, long goid) {
        if (!FlightRecorder.isInitialized()) {
            return;     // no recording has ever started: do not load JFR's event machinery
        }
        if (p.goexit) {
            return;
        }
        PanicStarted e = new PanicStarted();
        if (e.shouldCommit()) {
            e.valueType = typeOf(p.value);
            e.message = message(p.throwable);
            e.goroutine = goid;
            StackTraceElement[] st = p.throwable.getStackTrace();
            e.thrownAt = st.length > 0 ? st[0].toString() : null;
            e.commit();
        }
    }

    static void recovered(PanicRecord p, long goid, String by) {
        if (!FlightRecorder.isInitialized()) {
            return;     // no recording has ever started: do not load JFR's event machinery
        }
        PanicRecovered e = new PanicRecovered();
        if (e.shouldCommit()) {
            e.valueType = typeOf(p.value);
            e.message = message(p.throwable);
            e.goroutine = goid;
            e.recoveredBy = by;
            e.commit();
        }
    }

    static void uncaught(Throwable t, long goid) {
        if (!FlightRecorder.isInitialized()) {
            return;     // no recording has ever started: do not load JFR's event machinery
        }
        PanicUncaught e = new PanicUncaught();
        if (e.shouldCommit()) {
            e.valueType = typeOf(t instanceof io.jdefer.Panic p ? p.value() : t);
            e.message = message(t);
            e.goroutine = goid;
            e.commit();
        }
    }

    static void goexit(long goid) {
        if (!FlightRecorder.isInitialized()) {
            return;     // no recording has ever started: do not load JFR's event machinery
        }
        Goexit e = new Goexit();
        if (e.shouldCommit()) {
            e.goroutine = goid;
            e.commit();
        }
    }

    private static String typeOf(Object v) {
        return v == null ? "null" : v.getClass().getName();
    }

    /** Never lets a failing toString() escape from an event. */
    private static String message(Throwable t) {
        try {
            return CrashReport.value(t);
        } catch (CrashReport.RenderFailure | RuntimeException e) {
            return "(unprintable value: " + e + ")";
        }
    }
}
