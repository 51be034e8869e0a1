package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The defer and panic state of one goroutine (one Java thread, usually virtual): Go's {@code g}
 * with its {@code _defer} and {@code _panic} chains. Mirrors {@code runtime/panic.go} of Go 1.22+.
 *
 * <h2>How a frame runs</h2>
 * A frame (an {@code @Defer} method rewritten by the agent, a lambda that calls {@code Go.defer},
 * {@code Go.run}/{@code Go.call}, a goroutine body, a deferred call) remembers {@link #top()} on
 * entry: its <em>mark</em>. {@code Go.defer} pushes a record (action + argument) above it. On any
 * exit the frame calls one {@code deferReturnX(mark, result, thrown)}, which pops and runs the
 * records above the mark, newest first, and then returns the frame's result or throws.
 *
 * <h2>The state machine of a frame exit ({@link #exitFrame})</h2>
 * <pre>
 *   normal ──deferred call throws t / frame exits with t──▶ panicking(p)
 *   panicking(p) ──deferred call throws t2──▶ panicking(p2)   p aborted, p2.link = p (t2.addSuppressed(t))
 *   panicking(p) ──deferred call recovered p and returned──▶ normal      (or back to the Goexit p interrupted)
 *   panicking(p) ──no records left──▶ the frame rethrows p's throwable; p is remembered as {@link #escaped}
 *                                     so the next frame up continues the same panic record
 * </pre>
 * A Goexit is a panic record with {@code goexit} set: it runs the same deferred calls, cannot be
 * recovered, and a panic it is interrupted by can be recovered without cancelling it.
 *
 * <h2>Who may recover</h2>
 * Deferred calls are invoked by exactly two classes, {@link NormalDeferredCall} and
 * {@link PanicDeferredCall}; {@code Go.recover()} succeeds only when its caller was called
 * directly by {@code PanicDeferredCall} for the goroutine's current panic ({@link Callers}). That
 * check walks the stack only while panicking, so it costs nothing on the normal path. Code the
 * agent rewrote skips the walk: PanicDeferredCall leaves the call in {@link #directCall}, and the
 * deferred method's prologue claims it ({@link DirectRecover}).
 *
 * <h2>Result slot</h2>
 * While a frame exit runs deferred calls, {@link #slotKind}/{@link #slotType}/{@link #slotBits}/{@link #slotRef}
 * hold that frame's result (Go's named results): set from {@code return v} before the first
 * deferred call, read back after the last. Every exit saves and restores the enclosing exit's slot.
 *
 * <p>Every field added here must be reset where a goroutine ends (it never is reused otherwise).
 */
public abstract class GoroutineState {
    private static final ThreadLocal<GoroutineState> CURRENT = new ThreadLocal<>();

    /** Registered by {@code Go.defer(action)}: the action takes no argument. */
    static final Object NO_ARG = new Object() {
        @Override
        public String toString() {
            return "(no argument)";
        }
    };

    long goid;
    int top;
    /** Innermost panic whose deferred calls are running: Go's {@code g._panic}. */
    PanicRecord panic;
    /**
     * The panic that last left a frame unrecovered; the next frame up picks it up by identity. On a
     * thread whose Java code caught it, it stays until a later frame exit on that thread runs here
     * (one Throwable per thread at most): no frame entry can tell that it is the outermost one.
     */
    PanicRecord escaped;
    /**
     * The slot's type for a frame with a reference result; for any other frame the type is
     * {@link #slotKind}'s, and this field keeps whatever an enclosing exit put there.
     */
    Class<?> slotType;
    /**
     * {@link #SLOT_REF} while {@link #slotType} is the slot's type, else the primitive (or void)
     * type of the exiting frame's result, an index into {@link #SLOT_KINDS}. Most frames return
     * a primitive or nothing, and a byte store costs an exit no GC barrier, where a {@code Class}
     * store into this long-lived object pays G1's pre- and post-write barriers (once the state is
     * old, the post-write barrier's slow path with its StoreLoad fence).
     */
    byte slotKind;
    long slotBits;
    Object slotRef;
    /**
     * The mark of the frame exit that started on this stretch of the goroutine's stack and has not
     * finished, or {@link #NO_EXIT}. A frame exit (or an open-coded method handing its actions over) sets it
     * before it can be interrupted and clears it when it completes; while a deferred call runs it
     * is clear, since that call's frames are newer. Left set, it means a fault (a StackOverflowError)
     * unwound an exit before it ran the records above it: the next open-coded hand-over runs those
     * first ({@link OpenCodedSupport#handOver}), as the next record-tier exit, whose mark is lower,
     * does by itself. A {@code char}, to keep the goroutine state's size: a mark from
     * {@value #NO_EXIT} records up is not kept, and such an exit falls back to the next entry mark up.
     */
    char exitMark = NO_EXIT;

    /** {@link #exitMark} when no exit is unfinished. */
    static final char NO_EXIT = '\uFFFF';
    /** The deferred call PanicDeferredCall is running, until a rewritten method claims it ({@link DirectRecover}). */
    Object directCall;
    /** Innermost {@code Go.call} body: its own result slot before the frame exits. */
    CallFrame callFrame;
    /** Its escaped panics go to the crash handler ({@code Go.go}, {@code Go.main}), not to a Group. */
    boolean crashes;
    /**
     * Counted in Go's {@code runningPanicDefers}: a panic of this goroutine is unwinding or
     * escaping. Written only by this goroutine; read by {@code Go.main}'s exit ({@link #PANICKING}).
     */
    boolean panicking;
    /** This goroutine's thread once it is known to {@link Goroutines} (at its first panic), else null. */
    Thread registered;
    /**
     * Set whenever {@link #exitMark}, {@link #escaped} or {@link #panicking} may have left their
     * resting values (a panicking exit, a hand-over, a panic) or the record storage grew past its
     * trim size; cleared by the end of an inlined exit once they are back. One test there instead
     * of four: the end of a one-record frame exit is otherwise a quarter of its cost.
     */
    boolean unusual;

    /** {@link #slotKind} when {@link #slotType} is the slot's type (or there is no slot: null). */
    static final byte SLOT_REF = 0;
    static final byte SLOT_VOID = 1;
    static final byte SLOT_BOOLEAN = 2;
    static final byte SLOT_BYTE = 3;
    static final byte SLOT_CHAR = 4;
    static final byte SLOT_SHORT = 5;
    static final byte SLOT_INT = 6;
    static final byte SLOT_LONG = 7;
    static final byte SLOT_FLOAT = 8;
    static final byte SLOT_DOUBLE = 9;
    /** The type each {@link #slotKind} stands for. */
    private static final Class<?>[] SLOT_KINDS = {null, void.class, boolean.class, byte.class, char.class,
        short.class, int.class, long.class, float.class, double.class};

    /** The {@link #slotKind} of a result type: {@link #SLOT_REF} for a reference type or none (null). */
    static byte slotKindOf(Class<?> type) {
        if (type == null || !type.isPrimitive()) {
            return SLOT_REF;
        }
        // Compares with class literals, not a loop over SLOT_KINDS: with a constant type they fold.
        if (type == int.class) {
            return SLOT_INT;
        } else if (type == void.class) {
            return SLOT_VOID;
        } else if (type == long.class) {
            return SLOT_LONG;
        } else if (type == boolean.class) {
            return SLOT_BOOLEAN;
        } else if (type == double.class) {
            return SLOT_DOUBLE;
        } else if (type == float.class) {
            return SLOT_FLOAT;
        } else if (type == byte.class) {
            return SLOT_BYTE;
        } else if (type == char.class) {
            return SLOT_CHAR;
        } else {
            return SLOT_SHORT;
        }
    }

    /** The exiting frame's result type, null outside every frame exit. */
    final Class<?> slotType() {
        byte k = slotKind;
        return k == SLOT_REF ? slotType : SLOT_KINDS[k];
    }

    GoroutineState(long goid) {
        this.goid = goid;
    }

    /**
     * This thread's state, created on first use. The agent's rewritten methods call it once on
     * entry and keep the result in a local.
     *
     * @return the current goroutine's state
     */
    public static GoroutineState current() {
        GoroutineState g = CURRENT.get();
        if (g == null) {
            g = attach(Goroutines.nextId());
        }
        if (Trace.ON) {
            Trace.enter(g);
        }
        return g;
    }

    /** This thread's state, or null if it never entered a frame: no allocation. */
    static GoroutineState peek() {
        return CURRENT.get();
    }

    static GoroutineState attach(long goid) {
        GoroutineState g = RecordTier.SELECTED.newState(goid);
        CURRENT.set(g);
        return g;
    }

    static void detach() {
        CURRENT.remove();
    }

    /** Gives the thread back the state it had before a goroutine ran on it (none: detach). */
    static void restore(GoroutineState outer) {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /**
     * The frame mark: the number of pending defer records of this goroutine.
     *
     * @return the index a frame entered now starts at
     */
    public final int top() {
        return top;
    }

    /**
     * {@code Go.defer(action)} bound to the frame that is running: the agent rewrites calls in a
     * frame's body into this.
     *
     * @param action the deferred action; null is Go's {@code defer nil}, which fails at exit
     */
    public final void defer(Action action) {
        if (Trace.ON) {
            Trace.line(this, "defer #" + (top + 1) + " " + Trace.fn(action));
        }
        push(action, NO_ARG);
    }

    /**
     * {@code Go.defer(action, arg)} bound to the frame that is running.
     *
     * @param action the deferred action; null fails at exit
     * @param arg the argument, already evaluated
     */
    public final void defer(ActionWith<?> action, Object arg) {
        if (Trace.ON) {
            Trace.line(this, "defer #" + (top + 1) + " " + Trace.fn(action) + " with " + Trace.fn(arg));
        }
        push(action, arg);
    }

    abstract void push(Object fn, Object arg);

    abstract Object topFn();

    abstract Object topArg();

    /** Removes the newest record, clearing its references (Go: {@code *d = _defer{}}). */
    abstract void popRecord();

    /** Called after an exit that ran deferred calls: gives back storage a defer loop grew. */
    abstract void trim();

    /** Holds more storage than {@link #trim} leaves; sets {@link #unusual} when it starts to. */
    abstract boolean oversized();

    /** Storage currently held for records, in records; for tests and diagnostics. */
    abstract int capacity();

    // ---------------------------------------------------------------------------------------
    // Frame exits, one per return type. Fast path: nothing deferred above the mark.

    /**
     * Exit of a frame returning {@code void}.
     *
     * @param mark the frame's mark
     * @param thrown the throwable leaving the body, or null on a normal return
     */
    public final void deferReturnVoid(int mark, Throwable thrown) {
        if (top == mark) {
            if (thrown != null) {
                throw Throwables.sneaky(thrown);
            }
            return;
        }
        exitWithSlot(mark, thrown, SLOT_VOID, null, 0L, null);
    }

    /**
     * Exit of a frame returning {@code int}.
     *
     * @param mark the frame's mark
     * @param result the value {@code return} stored, or the body's result slot when thrown
     * @param thrown the throwable leaving the body, or null
     * @return the result slot after the last deferred call
     */
    public final int deferReturnInt(int mark, int result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return (int) exitWithSlot(mark, thrown, SLOT_INT, null, result, null);
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final long deferReturnLong(int mark, long result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return exitWithSlot(mark, thrown, SLOT_LONG, null, result, null);
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final boolean deferReturnBoolean(int mark, boolean result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return exitWithSlot(mark, thrown, SLOT_BOOLEAN, null, result ? 1 : 0, null) != 0;
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final byte deferReturnByte(int mark, byte result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return (byte) exitWithSlot(mark, thrown, SLOT_BYTE, null, result, null);
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final short deferReturnShort(int mark, short result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return (short) exitWithSlot(mark, thrown, SLOT_SHORT, null, result, null);
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final char deferReturnChar(int mark, char result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return (char) exitWithSlot(mark, thrown, SLOT_CHAR, null, result, null);
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final float deferReturnFloat(int mark, float result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return Float.intBitsToFloat((int) exitWithSlot(mark, thrown, SLOT_FLOAT, null,
                Float.floatToRawIntBits(result), null));
    }

    /** See {@link #deferReturnInt}. @param mark mark @param result result @param thrown thrown @return result */
    public final double deferReturnDouble(int mark, double result, Throwable thrown) {
        if (top == mark && thrown == null) {
            return result;
        }
        return Double.longBitsToDouble(exitWithSlot(mark, thrown, SLOT_DOUBLE, null,
                Double.doubleToRawLongBits(result), null));
    }

    /**
     * Exit of a frame returning a reference.
     *
     * @param mark the frame's mark
     * @param result the value {@code return} stored, or the body's result slot when thrown
     * @param thrown the throwable leaving the body, or null
     * @param type the method's declared return type (erased): what {@code Go.setResult} may store
     * @return the result slot after the last deferred call; the caller casts it
     */
    public final Object deferReturnObject(int mark, Object result, Throwable thrown, Class<?> type) {
        if (top == mark && thrown == null) {
            return result;
        }
        Object outerRef = slotRef;
        exitWithSlot(mark, thrown, SLOT_REF, type, 0L, result);
        // exitWithSlot left this frame's result in the slot: no field of its own to carry it out.
        Object r = slotRef;
        if (r != outerRef) {
            slotRef = outerRef;
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------
    // Quiet normal exits: for a record-tier frame whose deferred actions the agent found never
    // read or set the result (Res::close, lock::unlock on a final class, a lambda whose body it
    // read). Nothing there can use the slot, so the exit leaves it alone while the actions run:
    // no save, publish and restore of the enclosing exit's slot, which is a third of the cost of a
    // one-record exit. Once an action throws, the frame is panicking, a later action may recover,
    // and the frame then returns its result as it stands: from there the exit is the full one.

    /**
     * Normal exit of a frame returning {@code void} whose actions never use the result slot.
     *
     * @param mark the frame's mark
     */
    public final void deferReturnQuietVoid(int mark) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                // Not deferReturnVoid: with no record left it would rethrow t without a panic
                // record, where the full exit starts one (the panic began in this frame's exit).
                exitWithSlot(mark, t, SLOT_VOID, null, 0L, null);
            }
        }
    }

    /**
     * Normal exit of a frame returning {@code int} whose actions never use the result slot.
     *
     * @param mark the frame's mark
     * @param result the value {@code return} stored
     * @return {@code result}, or what the exit returns once an action panicked
     */
    public final int deferReturnQuietInt(int mark, int result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnInt(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final long deferReturnQuietLong(int mark, long result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnLong(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final boolean deferReturnQuietBoolean(int mark, boolean result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnBoolean(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final byte deferReturnQuietByte(int mark, byte result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnByte(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final short deferReturnQuietShort(int mark, short result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnShort(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final char deferReturnQuietChar(int mark, char result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnChar(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final float deferReturnQuietFloat(int mark, float result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnFloat(mark, result, t);
            }
        }
        return result;
    }

    /** See {@link #deferReturnQuietInt}. @param mark mark @param result result @return result */
    public final double deferReturnQuietDouble(int mark, double result) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnDouble(mark, result, t);
            }
        }
        return result;
    }

    /**
     * Normal exit of a frame returning a reference whose actions never use the result slot.
     *
     * @param mark the frame's mark
     * @param result the value {@code return} stored
     * @param type the method's declared return type (erased), for the full exit once an action panicked
     * @return {@code result}, or what the exit returns once an action panicked; the caller casts it
     */
    public final Object deferReturnQuietObject(int mark, Object result, Class<?> type) {
        if (top != mark) {
            Throwable t = runQuiet(mark);
            if (t != null) {
                return deferReturnObject(mark, result, t, type);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------
    // Inlined exits: a quiet exit whose frame runs its own records. For a call site whose action
    // is a constant (a non-capturing lambda or method reference) with a body the agent read, the
    // rewritten method pops the newest record itself while it is that site's, and calls the
    // action's method directly: one inlinable call per site instead of the shared megamorphic
    // one in NormalDeferredCall, and the constant stays in its slot, so that the next defer of
    // it stores nothing (no GC write barrier). Any other record goes to deferReturnQuietX.

    /**
     * The action of the newest record, which the rewritten method compares with the constant each
     * of its sites deferred; under {@code -Djdefer.trace=true} an object that is neither an action
     * nor this state (what a site that has not deferred holds), so that every record runs here
     * and is traced.
     *
     * @return the newest record's action; the caller checked that one is above its mark
     */
    public final Object newestDeferFn() {
        return Trace.ON ? NO_ARG : topFn();
    }

    /**
     * Pops the newest record, whose action the rewritten method is about to call, and answers its
     * argument; the record's (constant) action stays where it was.
     *
     * @return the deferred argument ({@code NO_ARG} for {@code defer(action)})
     */
    public final Object popDeferArg() {
        Object arg = topArg();
        popKeepingFn();
        return arg;
    }

    /** {@link #popRecord} that leaves the action in place: only for actions that hold nothing. */
    abstract void popKeepingFn();

    /** The end of an inlined exit that ran every record above its mark: as a quiet exit ends. */
    public final void inlinedExitEnd() {
        if (unusual) {
            normalEnd(panic);
            trim();
            unusual = panicking || exitMark != NO_EXIT || escaped != null || oversized();
        }
    }

    /**
     * An inlined exit's action of a {@code void} frame threw: the frame panics from there, as
     * {@link #deferReturnQuietVoid} does.
     *
     * @param mark the frame's mark
     * @param thrown what the action threw
     */
    public final void deferReturnPanicVoid(int mark, Throwable thrown) {
        exitWithSlot(mark, thrown, SLOT_VOID, null, 0L, null);
    }

    /**
     * The check a quiet exit's JDK method reference needs ({@code defer(ReentrantLock::unlock, l)}):
     * the JDK's method runs no application code, so never {@code Go.setResult}, but a subclass may
     * override it. The rewritten method ORs this into a local at each such {@code defer} and takes
     * the full exit when it is set.
     *
     * @param arg the deferred argument (the receiver)
     * @param a a class whose own method is known not to use the result slot
     * @param b another such class, or null
     * @param c another such class, or null
     * @return 0 when {@code arg} is null (the call fails, whichever exit runs it) or exactly one of
     *         the classes, else 1
     */
    public static int notExactly(Object arg, Class<?> a, Class<?> b, Class<?> c) {
        if (arg == null) {
            return 0;
        }
        Class<?> k = arg.getClass();
        return k == a || k == b || k == c ? 0 : 1;
    }

    /**
     * {@link #exitNormally} without a published slot: runs the records above the mark until one
     * throws, and answers what it threw (the records after it still pending) or null when all ran.
     */
    private Throwable runQuiet(int mark) {
        if (Trace.ON) {
            Trace.line(this, "frame exit, runs " + (top - mark) + " deferred call(s) #" + top + ".." + (mark + 1)
                    + " (result slot not published)");
        }
        if (top < mark) {
            throw belowMark(mark);
        }
        try {
            runNewest();                        // outside the loop, as in exitNormally
            while (top > mark) {
                runNewest();
            }
        } catch (Throwable t) {
            return t;
        }
        normalEnd(panic);
        trim();
        return null;
    }

    /**
     * Saves the enclosing exit's slot, runs the exit with this frame's, restores, and returns the bits.
     * {@code type} is the reference result type when {@code kind} is {@link #SLOT_REF}, else unused.
     * A reference result stays in {@link #slotRef} when the exit returns: the caller reads it and
     * gives the enclosing exit's back.
     */
    private long exitWithSlot(int mark, Throwable thrown, byte kind, Class<?> type, long bits, Object ref) {
        byte outerKind = slotKind;
        Class<?> outerType = slotType;
        long outerBits = slotBits;
        Object outerRef = slotRef;
        slotKind = kind;
        // Reference stores pay GC write barriers: store only what changes (usually nothing nests).
        if (kind == SLOT_REF && outerType != type) {
            slotType = type;
        }
        slotBits = bits;
        if (outerRef != ref) {
            slotRef = ref;
        }
        Throwable rethrow;
        long resultBits;
        boolean returnsRef = false;
        try {
            rethrow = thrown == null ? exitNormally(mark) : exitFrame(mark, thrown);
            resultBits = slotBits;
            returnsRef = kind == SLOT_REF && rethrow == null;
        } finally {
            slotKind = outerKind;
            if (slotType != outerType) {
                slotType = outerType;
            }
            slotBits = outerBits;
            if (!returnsRef && slotRef != outerRef) {
                slotRef = outerRef;
            }
            trim();
        }
        if (rethrow != null) {
            throw Throwables.sneaky(rethrow);
        }
        return resultBits;
    }

    /**
     * {@link #exitFrame} for a frame that returns normally, until a deferred call throws: Go's
     * {@code deferreturn}. {@code exitFrame} is too big for the JIT to inline, so every normal exit
     * with records was an out-of-line call; this loop is small enough to be inlined through
     * {@code deferReturnX} into the rewritten method, the deferred call with it.
     */
    private Throwable exitNormally(int mark) {
        if (Trace.ON) {
            Trace.line(this, "frame exit, runs " + (top - mark) + " deferred call(s) #" + top + ".." + (mark + 1));
        }
        if (top < mark) {
            throw belowMark(mark);
        }
        try {
            // Every caller found a record above the mark. The first runs outside the loop: C2
            // compiles the loop as a counted one (range-check predicates, strip mining), set-up
            // that an exit with one record would pay for nothing, and the profile of an exit
            // that never loops lets it drop the loop altogether.
            runNewest();
            while (top > mark) {
                runNewest();
            }
        } catch (Throwable t) {
            // From here on the frame is panicking: the general state machine takes over.
            return exitFrame(mark, t);
        }
        return normalEnd(panic);
    }

    private void runNewest() throws Throwable {
        Object fn = topFn();
        Object arg = topArg();
        popRecord();
        if (Trace.ON) {
            Trace.line(this, "run deferred #" + (top + 1) + " " + Trace.fn(fn));
        }
        NormalDeferredCall.invoke(this, fn, arg);
    }

    private FatalError belowMark(int mark) {
        // The records this frame registered are gone: another frame's exit ran them, or a
        // mark was not this goroutine's. Running on would run or skip someone else's defers.
        return new FatalError("frame exit below its mark: " + top + " records, mark " + mark
                + " (a frame exited twice, or out of order)");
    }

    /** The end of a frame exit that returns normally; {@code outer} is the panic enclosing it. */
    private Throwable normalEnd(PanicRecord outer) {
        if (exitMark != NO_EXIT) {
            exitMark = NO_EXIT;                 // every record above this exit's mark has run
        }
        if (escaped != null) {
            // A frame exit that ends normally: an older escaped panic was stopped by a
            // Java catch; it must not be picked up again if its throwable is rethrown.
            escaped = null;
        }
        if (panicking && (outer == null || outer.goexit)) {
            // Recovered, or stopped by a Java catch, and no enclosing panic is unwinding.
            stopPanicking();
        }
        return null;
    }

    /**
     * Runs the records above {@code mark}, newest first (Go's {@code deferreturn} and the defer
     * loop of {@code gopanic}).
     *
     * @return null if the frame returns normally, else the throwable it must rethrow
     */
    final Throwable exitFrame(int mark, Throwable thrown) {
        if (Trace.ON) {
            Trace.line(this, "frame exit" + (thrown != null ? " panicking" : "") + ", runs " + (top - mark)
                    + " deferred call(s) #" + top + ".." + (mark + 1));
        }
        if (top < mark) {
            throw belowMark(mark);
        }
        unusual = true;                         // exitMark, escaped and panicking may change below
        PanicRecord outer = panic;
        PanicRecord p = null;
        char em = mark < NO_EXIT ? (char) mark : NO_EXIT;
        exitMark = em;
        try {
            if (thrown != null) {
                p = startPanic(thrown);
            }
            while (top > mark) {
                Object fn = topFn();
                Object arg = topArg();
                popRecord();
                if (Trace.ON) {
                    Trace.line(this, "run deferred #" + (top + 1) + " " + Trace.fn(fn)
                            + (p != null ? (p.goexit ? " (goexit)" : " (panicking)") : ""));
                }
                exitMark = NO_EXIT;             // the deferred call's own frames are newer than this exit
                if (p == null) {
                    try {
                        NormalDeferredCall.invoke(this, fn, arg);
                    } catch (Throwable t) {
                        exitMark = em;
                        p = startPanic(t);
                    }
                    exitMark = em;
                } else {
                    try {
                        PanicDeferredCall.invoke(this, fn, arg, p);
                    } catch (Throwable t) {
                        exitMark = em;
                        p = replacePanic(p, t);
                        continue;
                    }
                    exitMark = em;
                    if (p.recovered) {
                        if (Trace.ON) {
                            Trace.line(this, "recovered: " + Trace.fn(p.value) + "; frame continues normally");
                        }
                        // Go's recovery: the deferred call that recovered has returned. An
                        // interrupted Goexit resumes; otherwise the frame goes back to normal.
                        escaped = null;
                        p = p.goexitBelow;
                        panic = p != null ? p : outer;
                    }
                }
            }
            if (p == null) {
                return normalEnd(outer);
            }
            escaped = p;
            if (panicking && p.goexit && (outer == null || outer.goexit)) {
                stopPanicking();
            }
            exitMark = NO_EXIT;
            return p.throwable;
        } finally {
            if (panic != outer) {
                panic = outer;
            }
        }
    }

    /**
     * Go's {@code runningPanicDefers.Add(1)} in gopanic: from now on the exit of {@code Go.main}
     * waits for this goroutine, so that its crash report cannot be lost to a racing exit.
     */
    final void startPanicking() {
        if (crashes && !panicking) {
            if (registered == null) {
                // Once per goroutine: later panics only flip the flag.
                registered = Thread.currentThread();
                Goroutines.register(this);
            }
            unusual = true;
            PANICKING.setRelease(this, true);
        }
    }

    /** Go's {@code runningPanicDefers.Add(-1)}: recovered, stopped by Java code, or the goroutine ended. */
    final void stopPanicking() {
        if (panicking) {
            PANICKING.setRelease(this, false);
        }
    }

    /** {@link #panicking} as another thread sees it. */
    final boolean isPanicking() {
        return (boolean) PANICKING.getAcquire(this);
    }

    private static final VarHandle PANICKING;

    static {
        try {
            PANICKING = MethodHandles.lookup().findVarHandle(GoroutineState.class, "panicking", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PanicRecord startPanic(Throwable t) {
        PanicRecord p = escaped;
        if (p != null && p.throwable == t) {
            escaped = null;
        } else {
            p = new PanicRecord(t, panic);
            escaped = null;
            if (!p.goexit) {
                startPanicking();
            }
            Events.panicStarted(p, goid);
            if (Trace.ON) {
                Trace.line(this, (p.goexit ? "goexit" : "panic: " + t));
            }
        }
        panic = p;
        return p;
    }

    /** A deferred call run by {@code old} threw {@code t}: the newest panic wins (Go: TestAbortedPanic). */
    private PanicRecord replacePanic(PanicRecord old, Throwable t) {
        PanicRecord p = startPanic(t);
        if (p == old) {
            return p;
        }
        old.aborted = true;
        if (old.goexit) {
            p.goexitBelow = old;
        } else if (!p.goexit) {
            p.goexitBelow = old.goexitBelow;
            if (!old.recovered) {
                Throwables.attachSuppressed(t, old.throwable);
            }
        }
        return p;
    }

    /** {@code Go.recover()} once {@link Callers} confirmed a direct call: marks and returns. */
    final Object recoverCurrent(String by) {
        PanicRecord p = recoverRecord(by);
        return p != null ? p.value : null;
    }

    /** As {@link #recoverCurrent}, answering with the record (its throwable keeps the panic's stack). */
    final PanicRecord recoverRecord(String by) {
        PanicRecord p = panic;
        if (p == null || !p.recoverable()) {
            return null;
        }
        p.recovered = true;
        Events.recovered(p, goid, by);
        return p;
    }

    /** True while some deferred call may be able to recover: the cheap pre-check of recover. */
    final boolean mayRecover() {
        PanicRecord p = panic;
        return p != null && p.recoverable();
    }

    /** Ends this goroutine's last escaped panic record for a crash report. */
    final PanicRecord escapedRecordFor(Throwable t) {
        PanicRecord p = escaped;
        return p != null && p.throwable == t ? p : new PanicRecord(t, null);
    }

    /**
     * Pending records of the current thread; 0 outside any frame.
     *
     * @return the number of deferred actions registered and not yet run
     */
    public static int pendingDefers() {
        GoroutineState g = peek();
        return g == null ? 0 : g.top;
    }

    /**
     * Record storage the current thread holds, in records; shows that a defer loop's storage was
     * given back.
     *
     * @return capacity in records, 0 if the thread never deferred
     */
    public static int recordCapacity() {
        GoroutineState g = peek();
        return g == null ? 0 : g.capacity();
    }
}
