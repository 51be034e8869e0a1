package io.jdefer.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the annotated method a defer frame (see {@link Defer}) that recovers: as if its first
 * statement were {@code defer(() -> recover())}. A panic leaving the method is stopped after all
 * of the method's own deferred actions ran, and the method returns normally with its result slot.
 *
 * <pre>{@code
 * @Recover(IllegalArgumentException.class)
 * int parsePort(String s) {
 *     defer(() -> { if (Go.result() == null) ... });
 *     return Integer.parseInt(s);       // NumberFormatException: recovered, returns 0
 * }
 * }</pre>
 *
 * This guarantees:
 * <ul>
 *   <li>the implicit recover runs <em>last</em>, after every action the method deferred, so those
 *       actions still see the panic (and one of them may recover it first);</li>
 *   <li>only panics whose throwable is an instance of one of {@link #value()} are recovered; any
 *       other keeps propagating to the caller, exactly as if the method were only {@code @Defer};
 *       a panic started by {@code Go.panic(v)} with a value that is not a {@code Throwable} is an
 *       {@code io.jdefer.Panic};</li>
 *   <li>{@code VirtualMachineError}s (OutOfMemoryError, StackOverflowError, ...) and
 *       {@code Go.goexit()} are never recovered;</li>
 *   <li>after a recover the method returns its result slot: what the body returned, if it got that
 *       far, or what {@code Go.setResult} stored, else the zero value ({@code null}, {@code 0},
 *       {@code false}).</li>
 * </ul>
 *
 * <p><b>Important</b>: like {@link Defer}, it needs the jdefer agent or build-time weaving.
 * Constructors cannot recover (a constructor cannot return normally without completing); the agent
 * leaves them unchanged and warns.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Recover {
    /**
     * The panics this method recovers, by throwable type. Default: every {@code Throwable} except
     * {@code VirtualMachineError} and {@code io.jdefer.Goexit}.
     *
     * @return the throwable types to recover
     */
    Class<? extends Throwable>[] value() default {Throwable.class};
}
