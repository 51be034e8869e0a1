package io.jdefer;

import io.jdefer.internal.AgentCheck;
import io.jdefer.internal.CallFrame;
import io.jdefer.internal.Frames;
import io.jdefer.internal.Goroutines;
import io.jdefer.internal.Results;
import io.jdefer.internal.Throwables;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Go's {@code defer}, {@code panic}, {@code recover}, {@code runtime.Goexit} and {@code go} for
 * Java. {@code import static io.jdefer.Go.*;} and Java reads like Go:
 *
 * <pre>
 * {@literal @}Defer                                       // func copyFile(dst, src string) (err error) {
 * void copyFile(Path dst, Path src) throws IOException {
 *     InputStream in = Files.newInputStream(src);
 *     defer(InputStream::close, in);           //     defer in.Close()
 *     OutputStream out = Files.newOutputStream(dst);
 *     defer(OutputStream::close, out);         //     defer out.Close()
 *     in.transferTo(out);
 * }
 * </pre>
 *
 * <p>A <em>frame</em> is where deferred actions belong: an {@code @Defer}/{@code @Recover} method
 * or a lambda calling {@code defer} (both rewritten by the jdefer agent), or a body passed to
 * {@link #run}, {@link #call}, {@link #go}, {@link #main} or {@link Group#go} (no agent needed).
 * Every frame exit runs the frame's deferred actions newest first, on return, on any throwable (a
 * <em>panic</em>) and on {@link #goexit()}. The semantics are Go's; docs/semantics.md lists them.
 */
public final class Go {
    private Go() {
        throw new AssertionError("no instances");
    }

    /**
     * Go's {@code defer f()}: runs {@code action} when the frame that contains this call exits.
     * A capturing lambda captures its variables now; use {@link #defer(ActionWith, Object)} to
     * save an argument without allocating.
     *
     * @param action the action; {@code null} is Go's {@code defer nil}: registering succeeds and
     *        the frame's exit fails with a {@link NullPointerException} panic
     * @throws IllegalStateException if the call is not in a frame of its own (a method not
     *         rewritten by the agent, or a helper called from a {@code Go.run} body); the message
     *         says how to fix it
     */
    public static void defer(Action action) {
        Results.defer(action);
    }

    /**
     * Go's {@code defer f(x)}: {@code arg} is evaluated now, {@code action} runs with it when the
     * frame exits. {@code defer(InputStream::close, in)} allocates nothing.
     *
     * @param action the action; {@code null} fails at frame exit, like Go's {@code defer nil}
     * @param arg the argument, saved now
     * @param <T> the argument type
     * @throws IllegalStateException as for {@link #defer(Action)}
     */
    public static <T> void defer(ActionWith<? super T> action, T arg) {
        Results.defer(action, arg);
    }

    /**
     * Go's {@code recover()}: stops the panic that is unwinding and returns its value, but only
     * when called <em>directly</em> by a deferred action of a frame whose exit is running because
     * of that panic. The value is the {@code Throwable} itself, or {@link Panic#value()}.
     *
     * <p>Returns {@code null} when not panicking, from a helper the deferred action calls, from
     * the frame body itself, during {@link #goexit()}, for a {@link VirtualMachineError}, and a
     * second time for the same panic. {@code defer(Go::recover)} behaves as Go's
     * {@code defer recover()}: useless in the panicking frame itself, effective inside a deferred
     * action.
     *
     * @return the panic value, or {@code null}
     */
    public static Object recover() {
        return Results.recover();
    }

    /**
     * {@link #recover()}, answering with the {@code Throwable} that carried the panic instead of
     * its value: the throwable itself, or the {@link Panic} that {@code panic(value)} threw (its
     * {@link Panic#value()} is what {@code recover()} returns, its stack trace is where
     * {@code panic} was called). The same rules decide whether it recovers: called directly by a
     * deferred action of a panicking frame, once per panic; otherwise it returns {@code null} and
     * recovers nothing. For a handler that must log where the panic came from:
     *
     * <pre>{@code
     * defer(() -> {
     *     Throwable t = recoverThrowable();
     *     if (t != null) {
     *         log.error("request failed", t);          // the stack of panic("...") too
     *         setResult(Response.serverError());
     *     }
     * });
     * }</pre>
     *
     * @return the recovered panic's throwable, or {@code null}
     */
    public static Throwable recoverThrowable() {
        return Results.recoverThrowable();
    }

    /**
     * Fails fast when nothing rewrites this program's frames: call it at startup (first thing in
     * {@code main}, or in a Spring {@code @PostConstruct}), from a class that has a {@code @Defer} or
     * {@code @Recover} method, instead of finding out at the first request. Passes when the jdefer
     * agent is installed in this JVM, or when the calling class was woven at build time.
     * {@link #run}, {@link #call}, {@link #go} and {@link Group} need neither and work without it.
     *
     * @throws IllegalStateException if neither is the case; the message names the
     *         {@code -javaagent} flag and the weaving plugin
     */
    public static void requireAgent() {
        AgentCheck.require(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
    }

    /**
     * Go's {@code panic(v)}: throws {@code v} itself if it is a {@code Throwable},
     * {@link PanicNilError} if it is {@code null}, else a {@link Panic} carrying it. Declared to
     * return so that {@code throw panic("bad state");} compiles where a value is expected.
     *
     * @param value the panic value
     * @return never returns
     */
    public static Panic panic(Object value) {
        if (value instanceof Throwable t) {
            throw Throwables.sneaky(t);
        }
        if (value == null) {
            throw new PanicNilError();
        }
        throw new Panic(value);
    }

    /**
     * Go's {@code runtime.Goexit()}: runs every deferred action of every frame of this thread,
     * innermost first, and ends the goroutine quietly. Cannot be recovered. Outside a goroutine
     * the {@link Goexit} error reaches the caller of the outermost frame.
     */
    public static void goexit() {
        Goroutines.goexitStarted();
        throw new Goexit();
    }

    /**
     * Go's {@code go f()}: runs {@code body} as a frame on a new virtual thread. Panics stay on
     * that thread: one that escapes the body goes to the uncaught-panic handler (by default Go's
     * crash report and exit status 2); use {@link Group} to bring panics back to a waiter.
     *
     * @param body the goroutine's body
     * @return the started virtual thread
     * @throws NullPointerException if body is null (in Go a fatal error: go of nil func value)
     */
    public static Thread go(Action body) {
        return Goroutines.go(body);
    }

    /**
     * {@link #go(Action)} on a thread that {@code executor} provides: the way to carry the
     * caller's context (MDC, tracing spans, security) into the goroutine, with an executor that
     * captures it when a task is submitted, e.g. OpenTelemetry's
     * {@code Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor())}. The body is a
     * goroutine all the same: its own frames, and a panic that escapes it goes to the
     * uncaught-panic handler, not to the executor. The executor should give each task a thread of
     * its own, as goroutines may block on each other.
     *
     * @param executor runs the goroutine
     * @param body the goroutine's body
     * @throws NullPointerException if executor or body is null
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task:
     *         the body never runs
     */
    public static void go(Executor executor, Action body) {
        Goroutines.go(executor, body);
    }

    /**
     * Runs {@code body} on this thread as Go's main goroutine (goroutine 1). A panic escaping it
     * gets Go's crash report and exit status 2 (through the uncaught-panic handler). When it
     * returns, the program may end: goroutines are daemon threads and do not keep the JVM alive.
     * It returns only once no goroutine is panicking (a panic started and not yet recovered,
     * stopped or reported), so that a goroutine's crash cannot be lost to the program's exit; it
     * stops waiting for one that stays parked in a deferred action. {@code System.exit} does not
     * wait (Go's {@code os.Exit}). A {@link #goexit()} in it waits for the other goroutines, then
     * dies as Go does ({@code no goroutines (main called runtime.Goexit) - deadlock!}).
     *
     * @param body the program
     */
    public static void main(Action body) {
        Goroutines.main(body);
    }

    /**
     * Runs {@code body} as a frame, without agent or annotation: {@code defer} calls written in
     * the body bind to it.
     *
     * @param body the frame body
     */
    public static void run(Action body) {
        Objects.requireNonNull(body, "Go.run(null): pass the frame's body");
        Frames.run(body);
    }

    /**
     * Runs {@code body} as a frame with a result: what it returns is stored in the frame's result
     * slot before the deferred actions run, and the slot's final value is returned.
     *
     * @param body the frame body
     * @param <T> the result type
     * @return the result slot after the last deferred action
     */
    public static <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "Go.call(null): pass the frame's body");
        return CallFrame.call(body);
    }

    /**
     * The result slot (Go's named results) of the frame this code belongs to: in a deferred
     * action, the frame whose exit runs it. Before anything is stored it holds the zero value
     * ({@code null}, or a boxed {@code 0}/{@code false}).
     *
     * @param <T> the expected type
     * @return the slot's current value, boxed for primitives
     * @throws IllegalStateException when not called directly by a frame body or deferred action
     */
    @SuppressWarnings("unchecked")
    public static <T> T result() {
        return (T) Results.result();
    }

    /**
     * Stores into the result slot of the frame this code belongs to (in a deferred action, the
     * frame whose exit runs it): Go's {@code defer func() { result *= 7 }()}.
     *
     * @param value the new result; converted as Java assignment would (widening primitives)
     * @throws IllegalStateException in a frame without a result ({@code void}, {@code Go.run})
     * @throws IllegalArgumentException if the frame's return type cannot take {@code value}
     */
    public static void setResult(Object value) {
        Results.setResult(value);
    }

    /**
     * Replaces the handler of panics that escape a goroutine body ({@link #go}, {@link #main}).
     * The default prints Go's crash report to stderr and halts the JVM with status 2.
     *
     * @param handler the new handler, called on the dying goroutine's thread; null restores the default
     * @return the previous handler
     */
    public static Thread.UncaughtExceptionHandler setUncaughtPanicHandler(Thread.UncaughtExceptionHandler handler) {
        return Goroutines.setHandler(handler);
    }
}
