package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;

/**
 * Entry points for methods the agent open-coded (the third tier, docs/architecture.md
 * "Open-coding"): their deferred actions live in JVM locals plus a bit mask and run inline at a
 * normal exit, so the normal path calls only {@link #nonNil} — and, where a deferred action may use
 * the result slot, {@link #publish}/{@link #restore} around the actions. The exception handler of such a
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

    // ------------------------------------------------------------------ the result slot at a normal exit

    /**
     * The goroutine whose slot an open-coded exit publishes into.
     *
     * @return the current goroutine's state
     */
    public static GoroutineState current() {
        return GoroutineState.current();
    }

    /**
     * @param g the current goroutine
     * @return the slot's type now (an enclosing exit's), to give back with {@link #restore}
     */
    public static Class<?> slotType(GoroutineState g) {
        return g.slotType();
    }

    /**
     * @param g the current goroutine
     * @return the slot's primitive bits (after the actions ran: the exiting method's result)
     */
    public static long slotBits(GoroutineState g) {
        return g.slotBits;
    }

    /**
     * @param g the current goroutine
     * @return the slot's reference (after the actions ran: the exiting method's result)
     */
    public static Object slotRef(GoroutineState g) {
        return g.slotRef;
    }

    /**
     * @param g the current goroutine
     * @return what the goroutine holds where a published exit keeps its name (the token of
     *         {@link DirectRecover}, which a name never is), to give back with {@link #restore}
     */
    public static Object openExit(GoroutineState g) {
        return g.directCall;
    }

    /**
     * The normal exit of an open-coded method whose deferred actions may call {@code Go.result()}/
     * {@code Go.setResult} (decided by the planner: some action is not known not to): its result
     * goes into the goroutine's slot, where a deferred action called directly by that method finds
     * it exactly as one called by a record-tier exit does; the exit reads it back after the last
     * action and gives the enclosing exit's slot back with {@link #restore}.
     *
     * @param g the current goroutine
     * @param type the method's return type ({@code void.class}, a primitive class or the erased reference type)
     * @param bits a primitive result's bits (as {@link Results#bits}), else 0
     * @param ref a reference result, else null
     * @param method the exiting method, {@code binary.ClassName#method}
     */
    public static void publish(GoroutineState g, Class<?> type, long bits, Object ref, String method) {
        // The name shares GoroutineState.directCall with DirectRecover's token (an action, never a
        // String), so that the state stays as small as it was: a claim ignores a name, and the
        // token an enclosing panicking call left is given back by restore.
        putSlot(g, type, bits, ref);
        g.directCall = method;
    }

    /**
     * Gives the slot back to the exit that held it before {@link #publish}.
     *
     * @param g the current goroutine
     * @param type the saved {@link #slotType}
     * @param bits the saved {@link #slotBits}
     * @param ref the saved {@link #slotRef}
     * @param method the saved {@link #openExit}
     */
    public static void restore(GoroutineState g, Class<?> type, long bits, Object ref, Object method) {
        putSlot(g, type, bits, ref);
        if (g.directCall != method) {
            g.directCall = method;
        }
    }

    private static void putSlot(GoroutineState g, Class<?> type, long bits, Object ref) {
        // Reference stores pay GC write barriers: store only what changes, and a primitive type
        // not at all (inlined with the constant type the rewritten method passes, this folds).
        byte kind = GoroutineState.slotKindOf(type);
        g.slotKind = kind;
        if (kind == GoroutineState.SLOT_REF && g.slotType != type) {
            g.slotType = type;
        }
        g.slotBits = bits;
        if (g.slotRef != ref) {
            g.slotRef = ref;
        }
    }

    /**
     * Is stack frame {@code f} the open-coded method whose exit publishes the slot now?
     *
     * @param g the current goroutine
     * @param className the frame's class, binary name
     * @param methodName the frame's method
     */
    static boolean isOpenExit(GoroutineState g, String className, String methodName) {
        return g.directCall instanceof String t && t.length() == className.length() + 1 + methodName.length() && t.startsWith(className)
                && t.charAt(className.length()) == '#' && t.endsWith(methodName);
    }

    // ------------------------------------------------------------------ hand-over to the records

    /**
     * The start of an open-coded method's exception handler, before it registers its pending actions.
     * If a fault (a StackOverflowError) unwound newer frames' exits after their records were pushed
     * and before they ran ({@link GoroutineState#exitMark} left set), those records run now, with
     * the throwable, as the record tiers' next exit would run them: newest first, before this
     * method's own older actions, each once. Then the hand-over is marked as started, so that if
     * registering or exiting overflows in turn, the next handler up finds these records too.
     *
     * @param g the current goroutine
     * @param thrown what the method's body or exit threw
     * @param registers the handler registers at least one record (a set bit or an implicit recover)
     * @return the throwable to exit with: {@code thrown}, the one that replaced it, or null if the
     *         stranded records recovered it
     */
    public static Throwable handOver(GoroutineState g, Throwable thrown, boolean registers) {
        int low = g.exitMark;
        if (low != GoroutineState.NO_EXIT && low >= g.top) {
            g.exitMark = GoroutineState.NO_EXIT;          // nothing above it: it ended with its records
            low = GoroutineState.NO_EXIT;
        }
        if (low != GoroutineState.NO_EXIT) {
            try {
                g.deferReturnVoid(low, thrown);
                thrown = null;
            } catch (Throwable t) {
                thrown = t;
            }
        }
        if (registers && g.exitMark == GoroutineState.NO_EXIT && g.top < GoroutineState.NO_EXIT) {
            g.exitMark = (char) g.top;
            g.unusual = true;
        }
        return thrown;
    }

    /**
     * The mark the handler exits with, after {@link #handOver}: the start of an unfinished hand-over
     * if one is still above nothing newer, else the top.
     *
     * @param g the current goroutine
     * @return the mark for {@code deferReturnX}
     */
    public static int handOverMark(GoroutineState g) {
        int m = g.exitMark;
        return m != GoroutineState.NO_EXIT && m <= g.top ? m : g.top;
    }

    /**
     * The exception handler of an open-coded method before 64-site masks: registers deferred action
     * {@code bit} as a record of {@code g} if its bit is still set in {@code mask} (registered and not
     * yet run). Kept for classes rewritten by an older agent; the current one tests the bits itself
     * and calls {@link GoroutineState#defer}.
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
