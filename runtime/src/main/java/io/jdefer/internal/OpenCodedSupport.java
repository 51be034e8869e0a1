package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;

/**
 * Entry points for methods the agent open-coded (the third tier, docs/architecture.md
 * "Open-coding"): their deferred actions live in JVM locals plus a bit mask and run inline at a
 * normal exit, so the normal path calls only {@link #nonNil}. The exception handler of such a
 * method hands the actions still pending to the goroutine's records with {@link #pending} and exits
 * like a record-tier frame ({@code deferReturnX}), so panics, recover, Goexit and the result slot
 * behave exactly as in the record tiers. Not API: the agent emits calls to these by name, so keep
 * names and descriptors stable.
 */
public final class OpenCodedSupport {
    private OpenCodedSupport() {
        throw new AssertionError();
    }

    /**
     * The check before a deferred action runs inline at a normal exit: Go's {@code defer nil}
     * fails when the frame exits and runs it, with the same exception as the record tiers.
     *
     * @param action the deferred action
     * @return {@code action}, never null
     * @throws NullPointerException if {@code action} is null
     */
    public static Action nonNil(Action action) {
        if (action == null) {
            throw Throwables.nilDefer();
        }
        return action;
    }

    /**
     * See {@link #nonNil(Action)}.
     *
     * @param action the deferred action
     * @return {@code action}, never null
     * @throws NullPointerException if {@code action} is null
     */
    public static ActionWith<?> nonNil(ActionWith<?> action) {
        if (action == null) {
            throw Throwables.nilDefer();
        }
        return action;
    }

    /**
     * The exception handler of an open-coded method: registers deferred action {@code bit} as a
     * record of {@code g} if its bit is still set in {@code mask} (registered and not yet run).
     * The handler calls it for bits 0, 1, ... (registration order), then {@code deferReturnX}.
     *
     * @param g the current goroutine
     * @param mask the method's defer bits
     * @param bit the index of the deferred action's bit
     * @param action the action (null registers Go's {@code defer nil}, which fails when it runs)
     */
    public static void pending(GoroutineState g, int mask, int bit, Action action) {
        if ((mask & (1 << bit)) != 0) {
            g.push(action, GoroutineState.NO_ARG);
        }
    }

    /**
     * See {@link #pending(GoroutineState, int, int, Action)}, for {@code Go.defer(action, arg)}.
     *
     * @param g the current goroutine
     * @param mask the method's defer bits
     * @param bit the index of the deferred action's bit
     * @param action the action (null fails when it runs)
     * @param arg the argument evaluated when {@code Go.defer} was called
     */
    public static void pending(GoroutineState g, int mask, int bit, ActionWith<?> action, Object arg) {
        if ((mask & (1 << bit)) != 0) {
            g.push(action, arg);
        }
    }
}
