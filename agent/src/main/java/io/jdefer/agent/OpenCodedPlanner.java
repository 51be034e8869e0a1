package io.jdefer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Decides, per frame method, whether the agent open-codes its defers (agent option {@code
 * opencoded=true}, docs/architecture.md "Open-coding") or keeps the record tier. Go's rules
 * (cmd/compile's {@code maxOpenDefers} and loop check, with a 64-bit mask instead of Go's 8), decided from bytecode:
 * <ul>
 *   <li>at most {@value #MAX_OPEN_DEFERS} {@code Go.defer} call sites;</li>
 *   <li>no call site on a cycle of the control-flow graph (exception edges included): a defer in a
 *       loop needs a record per iteration;</li>
 *   <li>registration order is code order: no path from a later call site back to an earlier one;</li>
 *   <li>nothing forces records: only an action that is a method handle to {@code Go.defer} (its
 *       binding needs a record-tier exit as its caller) does.</li>
 * </ul>
 * What the actions are decides one more thing, the {@linkplain OpenCodedPlan#publish publication of
 * the result slot} at the normal exit: at an open-coded exit the method calls its actions itself, so
 * for {@code Go.result()}/{@code Go.setResult} called directly by an action to reach the method's
 * result, the exit puts the result into the runtime's slot for the actions and reads it back after.
 * It does so unless every action is known not to need it: null, or an invokedynamic lambda/method
 * reference (possibly through a local or a {@code static final} field initialised with one) whose
 * target cannot be overridden and whose body can be read (this class, or the defining loader's
 * {@code .class} resource; never loaded) and does not call {@code Go.result}/{@code Go.setResult}.
 * A void method publishes too: there {@code Go.result()} answers null and {@code Go.setResult} fails,
 * as in the record tiers. So no body ever needs to be readable: an overridable or JDK
 * method reference costs the publication, not the open-coding. Cheaper still: an action whose exact
 * body does nothing once {@code recover()} answers null ({@link IdleAtNormalExit}, Go's
 * recover-to-result idiom) is not called at the normal exit at all, only its bit cleared; and a
 * JDK method reference from a short list ({@code ReentrantLock::unlock}, {@code Lock::unlock},
 * {@code Semaphore::release}, ...) deferred with its receiver as the argument publishes only when
 * that argument is not exactly the JDK class (a subclass may override it).
 * <ul>
 *   <li>bytecode the rewrite does not handle: {@code jsr}/{@code ret}, a return with more than its
 *       value on the operand stack, code the analyzer rejects;</li>
 *   <li>an application whose {@code jdefer-runtime} predates open-coding (no
 *       {@code io.jdefer.internal.OpenCodedSupport} with every member the rewrite calls, read from
 *       the class's loader).</li>
 * </ul>
 * Trace mode ({@code -Djdefer.trace=true}) disables open-coding: the records are what it traces.
 */
final class OpenCodedPlanner {
    private OpenCodedPlanner() {
        throw new AssertionError();
    }

    /**
     * One bit per call site in a {@code long} mask. Go stops at 8 ({@code maxOpenDefers}, its mask is
     * a byte); a JVM local holds 64 bits as cheaply as 8.
     */
    static final int MAX_OPEN_DEFERS = 64;

    /**
     * The decision for every frame method of a class.
     *
     * @param bytes the class file
     * @param frames the frame methods, by name + descriptor ({@link ClassRewriter#plan})
     * @param loader the class's defining loader, to read the bodies of method references into other
     *        classes; null reads nothing else
     * @return a decision per frame method, by name + descriptor, in class-file order
     */
    static Map<String, OpenCodedPlan> plan(byte[] bytes, Map<String, MethodPlan> frames, ClassLoader loader) {
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        new ClassReader(bytes).accept(cn, ClassReader.SKIP_FRAMES);
        return plan(cn, frames, loader);
    }

    /**
     * The decision for every frame method of a class already read.
     *
     * @param cn the class, read without stack map frames (they are not needed)
     * @param frames the frame methods, by name + descriptor ({@link ClassRewriter#plan})
     * @param loader the class's defining loader, to read the bodies of method references into other
     *        classes; null reads nothing else
     * @return a decision per frame method, by name + descriptor, in class-file order
     */
    static Map<String, OpenCodedPlan> plan(ClassNode cn, Map<String, MethodPlan> frames, ClassLoader loader) {
        String noSupport = loader != null && !hasSupport(loader)
                ? "the application's jdefer-runtime has no io.jdefer.internal.OpenCodedSupport with the members"
                + " this agent calls (it is older than the agent)" : null;
        Targets targets = new Targets(cn, loader);
        Map<String, OpenCodedPlan> out = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            String key = m.name + m.desc;
            if (!frames.containsKey(key)) {
                continue;
            }
            OpenCodedPlan p;
            try {
                p = noSupport != null ? OpenCodedPlan.records(noSupport) : decide(cn, m, targets);
            } catch (RuntimeException e) {
                p = OpenCodedPlan.records("cannot analyse it (" + e + ")");
            }
            out.put(key, p);
        }
        return out;
    }

    /** The runtime's OpenCodedSupport has every member the open-coded shape calls (read, never loaded). */
    private static boolean hasSupport(ClassLoader loader) {
        return RuntimeAbi.declares(loader, RuntimeAbi.OPEN_CODED_SUPPORT, RuntimeAbi.EMITTED.stream()
                .filter(m -> m.owner().equals(RuntimeAbi.OPEN_CODED_SUPPORT)).toList());
    }

    private static OpenCodedPlan decide(ClassNode cn, MethodNode m, Targets targets) {
        InsnList insns = m.instructions;
        int n = insns.size();
        List<Integer> sites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AbstractInsnNode in = insns.get(i);
            int op = in.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                return OpenCodedPlan.records("it uses jsr/ret subroutines");
            }
            if (isDefer(in)) {
                sites.add(i);
            }
        }
        if (sites.size() > MAX_OPEN_DEFERS) {
            return OpenCodedPlan.records(sites.size() + " Go.defer calls (open-coding takes at most "
                    + MAX_OPEN_DEFERS + ", one bit each in a long mask)");
        }

        // Control flow: a site on a cycle runs more than once; a later site reaching an earlier one
        // means registration order is not code order.
        ControlFlow cfg = ControlFlow.of(m);
        for (int j = 0; j < sites.size(); j++) {
            int s = sites.get(j);
            BitSet seen = cfg.reach(s);
            if (seen.get(s)) {
                return OpenCodedPlan.records("Go.defer in a loop" + at(insns, s)
                        + " (each iteration needs a record)");
            }
            for (int i = 0; i < j; i++) {
                if (seen.get(sites.get(i))) {
                    return OpenCodedPlan.records("Go.defer" + at(insns, sites.get(i))
                            + " can run after the one" + at(insns, s) + " (registration order is not code order)");
                }
            }
        }

        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(cn.name, m);
        } catch (AnalyzerException e) {
            return OpenCodedPlan.records("the analyzer rejects its code (" + e.getMessage() + ")");
        }
        int crowded = returnWithMoreThanItsValue(m, frames);
        if (crowded >= 0) {
            return OpenCodedPlan.records("a return" + at(insns, crowded) + " leaves other values on the operand stack");
        }

        boolean[] withArg = new boolean[sites.size()];
        boolean[] idle = new boolean[sites.size()];
        String[][] guards = new String[sites.size()][];
        long publishSites = 0;
        for (int j = 0; j < sites.size(); j++) {
            int s = sites.get(j);
            MethodInsnNode call = (MethodInsnNode) insns.get(s);
            withArg[j] = RuntimeAbi.withArg(call.desc);
            Frame<SourceValue> f = frames[s];
            if (f == null) {
                continue;                       // unreachable: never registers
            }
            SourceValue action = f.getStack(f.getStackSize() - (withArg[j] ? 2 : 1));
            Verdict verdict = targets.verdict(m, frames, action, 0);
            if (verdict.forcesRecords() != null) {
                return OpenCodedPlan.records("the deferred action" + at(insns, s) + " " + verdict.forcesRecords());
            }
            switch (verdict.kind()) {
                case Verdict.IDLE_KIND -> idle[j] = true;
                case Verdict.SAFE_KIND -> { }
                case Verdict.GUARDED_KIND -> {
                    if (withArg[j]) {
                        guards[j] = verdict.guard();
                    } else {
                        publishSites |= 1L << j;                // the receiver is captured: not checkable
                    }
                }
                default -> publishSites |= 1L << j;
            }
        }
        return new OpenCodedPlan(withArg, null, idle, publishSites, guards);
    }

    /**
     * The record-tier frames whose normal exit can leave the runtime's result slot alone: every
     * {@code Go.defer} call site's action is known not to call {@code Go.result()}/{@code Go.setResult}
     * (the same reading of the actions as an open-coded exit's publication: null, or a lambda or
     * method reference whose body the agent read), or is idle at a normal exit, where its
     * {@code recover()} answers null, or is a JDK method reference such as
     * {@code ReentrantLock::unlock} deferred with its receiver as the argument, whose class the
     * method then checks at that {@code defer} (a subclass may override it): an argument not exactly
     * of a listed class sends the frame through the full exit. A frame without a call site
     * qualifies: its only possible record is {@code @Recover}'s, which a normal exit skips.
     * Anything else (a parameter, an overridable method) keeps the full exit, which publishes the slot.
     *
     * @param cn the class, read without stack map frames
     * @param methods the record-tier frame methods to decide, by name + descriptor
     * @param loader the class's defining loader, to read the bodies of method references into other
     *        classes; null reads nothing else
     * <p>Where a site's action is a constant whose method the agent can call itself (a
     * non-capturing lambda or method reference, its body read or a guarded JDK method), the exit
     * runs that site's records itself ({@link QuietExit#inline}).
     *
     * @return the frames of {@code methods} whose normal exit may be quiet, each with its guards
     *         and inlined calls
     */
    static Map<String, QuietExit> quietExits(ClassNode cn, Set<String> methods, ClassLoader loader) {
        Targets targets = new Targets(cn, loader);
        Map<String, QuietExit> out = new HashMap<>();
        for (MethodNode m : cn.methods) {
            String key = m.name + m.desc;
            if (!methods.contains(key)) {
                continue;
            }
            try {
                QuietExit q = quiet(cn, m, targets);
                if (q != null) {
                    out.put(key, q);
                }
            } catch (RuntimeException e) {
                // Cannot analyse it: the full exit is always right.
            }
        }
        return out;
    }

    /** The most classes a guard checks ({@code GoroutineState.notExactly} takes three). */
    static final int MAX_GUARD_CLASSES = 3;

    /** A quiet exit (see {@link #quietExits}), or null when the exit must be full. */
    private static QuietExit quiet(ClassNode cn, MethodNode m, Targets targets) {
        InsnList insns = m.instructions;
        Frame<SourceValue>[] frames = null;
        List<String[]> guards = new ArrayList<>();
        List<InlineCall> calls = new ArrayList<>();
        boolean guarded = false;
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode in = insns.get(i);
            if (in.getOpcode() == Opcodes.JSR || in.getOpcode() == Opcodes.RET) {
                return null;
            }
            if (!isDefer(in)) {
                continue;
            }
            if (frames == null) {
                try {
                    frames = new Analyzer<>(new SourceInterpreter()).analyze(cn.name, m);
                } catch (AnalyzerException e) {
                    return null;
                }
            }
            Frame<SourceValue> f = frames[i];
            if (f == null) {
                guards.add(null);               // unreachable: never registers
                calls.add(null);
                continue;
            }
            boolean withArg = RuntimeAbi.withArg(((MethodInsnNode) in).desc);
            Verdict v = targets.verdict(m, frames, f.getStack(f.getStackSize() - (withArg ? 2 : 1)), 0);
            if (v.forcesRecords() != null) {
                return null;
            }
            if (v.kind() == Verdict.GUARDED_KIND && withArg && v.guard().length <= MAX_GUARD_CLASSES) {
                guards.add(v.guard());
                guarded = true;
            } else if (v.kind() == Verdict.IDLE_KIND || v.kind() == Verdict.SAFE_KIND) {
                guards.add(null);
            } else {
                return null;
            }
            InlineCall c = v.call();
            calls.add(c == InlineCall.IDLE || c != null && (c.cast() != null) == withArg ? c : null);
        }
        // A return that leaves more than its value cannot jump to the exit (guarded or inlined),
        // whose stack is empty. javac never writes one.
        boolean crowded = frames != null && returnWithMoreThanItsValue(m, frames) >= 0;
        if (guarded && crowded) {
            return null;
        }
        boolean inlines = !crowded && calls.stream().anyMatch(c -> c != null);
        return new QuietExit(guards.toArray(new String[0][]), inlines ? calls.toArray(new InlineCall[0]) : null);
    }

    /** The index of the first return with more than its value on the operand stack, or -1. */
    private static int returnWithMoreThanItsValue(MethodNode m, Frame<SourceValue>[] frames) {
        boolean isVoid = Type.getReturnType(m.desc).getSort() == Type.VOID;
        for (int i = 0; i < m.instructions.size(); i++) {
            int op = m.instructions.get(i).getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN && frames[i] != null
                    && frames[i].getStackSize() != (isVoid ? 0 : 1)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDefer(AbstractInsnNode in) {
        return in instanceof MethodInsnNode mi && RuntimeAbi.isDefer(mi.getOpcode(), mi.owner, mi.name, mi.desc);
    }

    private static boolean isResultCall(AbstractInsnNode in) {
        return in instanceof MethodInsnNode mi && (RuntimeAbi.isResult(mi.getOpcode(), mi.owner, mi.name, mi.desc)
                || RuntimeAbi.isSetResult(mi.getOpcode(), mi.owner, mi.name, mi.desc));
    }

    /** " at line N" for the instruction at index {@code i}, or "" without line numbers. */
    private static String at(InsnList insns, int i) {
        for (int k = i; k >= 0; k--) {
            if (insns.get(k) instanceof LineNumberNode ln) {
                return " at line " + ln.line;
            }
        }
        return "";
    }

    /** Successor instruction indexes: jumps, switches, fall-through, and every exception handler in range. */

    /**
     * What one deferred action is, from the cheapest exit to the dearest, with the reason printed by
     * {@code verbose=true} when it forces records.
     *
     * @param forcesRecords why the action forces records, or null
     * @param kind {@link #IDLE_KIND} does nothing at a normal exit; {@link #SAFE_KIND} known not to touch
     *        the result slot; {@link #GUARDED_KIND} known not to when its argument's class is one of
     *        {@code guard}; {@link #UNKNOWN_KIND}; {@link #TOUCHES_KIND} calls {@code Go.result}/{@code setResult}
     * @param guard for {@link #GUARDED_KIND}: the argument classes (internal names), else null
     * @param call how an inlined exit runs the action (a constant whose method is known), or null
     */
    private record Verdict(String forcesRecords, int kind, String[] guard, InlineCall call) {
        static final int IDLE_KIND = 0;
        static final int SAFE_KIND = 1;
        static final int GUARDED_KIND = 2;
        static final int UNKNOWN_KIND = 3;
        static final int TOUCHES_KIND = 4;

        static final Verdict IDLE = new Verdict(null, IDLE_KIND, null, null);
        static final Verdict SAFE = new Verdict(null, SAFE_KIND, null, null);
        static final Verdict UNKNOWN = new Verdict(null, UNKNOWN_KIND, null, null);
        static final Verdict TOUCHES = new Verdict(null, TOUCHES_KIND, null, null);

        static Verdict forces(String reason) {
            return new Verdict(reason, UNKNOWN_KIND, null, null);
        }

        static Verdict guarded(String[] classes, InlineCall call) {
            return new Verdict(null, GUARDED_KIND, classes, call);
        }

        Verdict withCall(InlineCall c) {
            return java.util.Objects.equals(c, call) ? this : new Verdict(forcesRecords, kind, guard, c);
        }

        /**
         * The combination of two sources of one action: forcing wins, then the dearer kind; two
         * different guards make the action unknown (one check per site).
         */
        Verdict or(Verdict o) {
            if (forcesRecords != null) {
                return this;
            }
            if (o.forcesRecords != null) {
                return o;
            }
            if (kind == GUARDED_KIND && o.kind == GUARDED_KIND && !java.util.Arrays.equals(guard, o.guard)) {
                return UNKNOWN;
            }
            // One call only if both sources are the same method: the exit calls it for either.
            return (kind >= o.kind ? this : o).withCall(java.util.Objects.equals(call, o.call) ? call : null);
        }
    }

    /** What the deferred actions are, as far as bytecode tells without loading anything. */
    private static final class Targets {
        private static final Verdict SAFE = Verdict.SAFE;
        private static final Verdict UNKNOWN = Verdict.UNKNOWN;

        /**
         * JDK methods that a deferred method reference commonly names and that run no code of the
         * application's — so never {@code Go.result}/{@code Go.setResult} — when the receiver is
         * exactly one of the listed classes: an override in a subclass could. Key: owner.name+desc;
         * value: the receiver classes the exit checks before skipping the publication.
         */
        private static final Map<String, String[]> JDK_GUARDS = Map.of(
                "java/util/concurrent/locks/ReentrantLock.unlock()V",
                new String[] {"java/util/concurrent/locks/ReentrantLock"},
                "java/util/concurrent/locks/Lock.unlock()V",
                new String[] {"java/util/concurrent/locks/ReentrantLock",
                    "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
                    "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock"},
                "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock.unlock()V",
                new String[] {"java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock"},
                "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock.unlock()V",
                new String[] {"java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock"},
                "java/util/concurrent/Semaphore.release()V",
                new String[] {"java/util/concurrent/Semaphore"},
                "java/util/concurrent/CountDownLatch.countDown()V",
                new String[] {"java/util/concurrent/CountDownLatch"});
        private static final int MAX_DEPTH = 8;

        private final ClassNode self;
        private final ClassLoader loader;
        private final Map<String, ClassNode> read = new HashMap<>();
        private final Map<String, Frame<SourceValue>[]> initFrames = new HashMap<>();

        Targets(ClassNode self, ClassLoader loader) {
            this.self = self;
            this.loader = loader;
            read.put(self.name, self);
        }

        /** What the action on the stack ({@code v}) is, following locals, casts and static finals. */
        Verdict verdict(MethodNode m, Frame<SourceValue>[] frames, SourceValue v, int depth) {
            if (v.insns.isEmpty() || depth > MAX_DEPTH) {
                return UNKNOWN;                                  // a parameter, or too far
            }
            Verdict result = null;
            for (AbstractInsnNode src : v.insns) {
                Verdict r = source(m, frames, src, depth);
                result = result == null ? r : result.or(r);
            }
            return result;
        }

        private Verdict source(MethodNode m, Frame<SourceValue>[] frames, AbstractInsnNode src, int depth) {
            int op = src.getOpcode();
            int idx = m.instructions.indexOf(src);
            if (op == Opcodes.ACONST_NULL) {
                return SAFE;                                     // defer nil: fails at exit, runs nothing
            }
            if (op == Opcodes.CHECKCAST && frames[idx] != null) {
                Frame<SourceValue> f = frames[idx];
                return verdict(m, frames, f.getStack(f.getStackSize() - 1), depth + 1);
            }
            if (op == Opcodes.ALOAD && frames[idx] != null) {
                SourceValue local = frames[idx].getLocal(((VarInsnNode) src).var);
                if (local.insns.isEmpty()) {
                    return UNKNOWN;
                }
                Verdict result = null;
                for (AbstractInsnNode store : local.insns) {
                    int si = m.instructions.indexOf(store);
                    if (store.getOpcode() != Opcodes.ASTORE || frames[si] == null) {
                        return UNKNOWN;
                    }
                    Frame<SourceValue> f = frames[si];
                    Verdict r = verdict(m, frames, f.getStack(f.getStackSize() - 1), depth + 1);
                    result = result == null ? r : result.or(r);
                }
                return result;
            }
            if (op == Opcodes.GETSTATIC) {
                FieldInsnNode fi = (FieldInsnNode) src;
                return staticFinal(fi.owner, fi.name, fi.desc, depth);
            }
            if (src instanceof InvokeDynamicInsnNode indy
                    && indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                    && indy.bsmArgs.length >= 3 && indy.bsmArgs[1] instanceof Handle impl) {
                return target(impl, indy);
            }
            return UNKNOWN;
        }

        /**
         * A {@code static final} field ({@code static final Action CLOSE = ...}): what its class
         * initializer stores into it.
         */
        private Verdict staticFinal(String owner, String name, String desc, int depth) {
            ClassNode c = classNode(owner);
            if (c == null) {
                return UNKNOWN;
            }
            FieldNode f = null;
            for (FieldNode fn : c.fields) {
                if (fn.name.equals(name) && fn.desc.equals(desc)) {
                    f = fn;
                }
            }
            int sf = Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
            if (f == null || (f.access & sf) != sf) {
                return UNKNOWN;
            }
            MethodNode clinit = null;
            for (MethodNode mn : c.methods) {
                if (mn.name.equals("<clinit>")) {
                    clinit = mn;
                }
            }
            if (clinit == null) {
                return UNKNOWN;
            }
            Frame<SourceValue>[] frames = initFrames.get(owner);
            if (frames == null) {
                try {
                    frames = new Analyzer<>(new SourceInterpreter()).analyze(c.name, clinit);
                } catch (AnalyzerException e) {
                    return UNKNOWN;
                }
                initFrames.put(owner, frames);
            }
            Verdict result = null;
            for (int i = 0; i < clinit.instructions.size(); i++) {
                if (clinit.instructions.get(i) instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTSTATIC
                        && put.owner.equals(c.name) && put.name.equals(name) && put.desc.equals(desc)) {
                    if (frames[i] == null) {
                        continue;
                    }
                    Frame<SourceValue> fr = frames[i];
                    Verdict r = verdict(clinit, frames, fr.getStack(fr.getStackSize() - 1), depth + 1);
                    result = result == null ? r : result.or(r);
                }
            }
            return result == null ? UNKNOWN : result;
        }

        /** The implementation method of a lambda or method reference, created by {@code indy}. */
        private Verdict target(Handle h, InvokeDynamicInsnNode indy) {
            String owner = h.getOwner();
            if (owner.equals(RuntimeAbi.GO)) {
                return switch (h.getName()) {
                    case "setResult", "result" -> Verdict.TOUCHES;
                    case "defer" -> Verdict.forces("is Go::defer (it binds to a record-tier exit as its caller)");
                    // not idle: defer(Go::recover) in a deferred function is Go's `defer recover()`,
                    // which the frame's own exit calls directly, so it recovers the frame's panic
                    default -> SAFE;
                };
            }
            boolean captures = Type.getArgumentTypes(indy.desc).length > 0;
            int tag = h.getTag();
            boolean dispatched = tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE;
            String[] guard = JDK_GUARDS.get(owner + "." + h.getName() + h.getDesc());
            if (guard != null) {
                // unbound (ReentrantLock::unlock, the receiver is the deferred argument): checkable at the exit
                return dispatched && !captures ? Verdict.guarded(guard, call(h, indy, null)) : UNKNOWN;
            }
            if (owner.startsWith("io/jdefer/internal/")) {
                return UNKNOWN;
            }
            ClassNode c = classNode(owner);
            if (c == null) {
                return UNKNOWN;
            }
            MethodNode t = null;
            for (MethodNode mn : c.methods) {
                if (mn.name.equals(h.getName()) && mn.desc.equals(h.getDesc())) {
                    t = mn;
                    break;
                }
            }
            if (t == null || (t.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return UNKNOWN;
            }
            boolean exact = (t.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_STATIC)) != 0
                    || (c.access & Opcodes.ACC_FINAL) != 0;
            if (dispatched && !exact) {
                return UNKNOWN;                                  // an override may run instead
            }
            if (!dispatched && objectArguments(indy) && IdleAtNormalExit.idle(t)) {
                return captures ? Verdict.IDLE : Verdict.IDLE.withCall(InlineCall.IDLE);
            }
            boolean plain = true;
            for (AbstractInsnNode in = t.instructions.getFirst(); in != null; in = in.getNext()) {
                if (isResultCall(in)) {
                    return Verdict.TOUCHES;
                }
                plain &= !callsRuntime(in);
            }
            return plain && !captures ? SAFE.withCall(call(h, indy, c)) : SAFE;
        }

        /**
         * Any use of the runtime's API: such a body may need to be called by the runtime (a
         * {@code Go.defer} binds to the deferred call that runs it), so the runtime calls it.
         */
        private static boolean callsRuntime(AbstractInsnNode in) {
            String owner = in instanceof MethodInsnNode mi ? mi.owner
                    : in instanceof FieldInsnNode fi ? fi.owner
                    : in instanceof InvokeDynamicInsnNode ? RuntimeAbi.GO : null;
            if (owner == null || !owner.startsWith("io/jdefer/")) {
                return false;
            }
            String rest = owner.substring("io/jdefer/".length());
            return rest.indexOf('/') < 0 || rest.startsWith("internal/");
        }

        /**
         * The direct call of a non-capturing action's method {@code h}, as its lambda class makes
         * it, or null where that call is not this class's to make: a method neither its own nor
         * public in a public class, a constructor or {@code super} call, an argument the lambda
         * class would box or unbox.
         *
         * @param c the method's class if read (null: a JDK class the guards name, public)
         */
        private InlineCall call(Handle h, InvokeDynamicInsnNode indy, ClassNode c) {
            boolean run = indy.name.equals("run") && indy.desc.equals("()L" + RuntimeAbi.ACTION + ";");
            boolean accept = indy.name.equals("accept") && indy.desc.equals("()L" + RuntimeAbi.ACTION_WITH + ";");
            if (!run && !accept || !(indy.bsmArgs[2] instanceof Type instantiated)) {
                return null;
            }
            if (!h.getOwner().equals(self.name)) {
                boolean isPublic = c == null || (c.access & Opcodes.ACC_PUBLIC) != 0;
                MethodNode t = null;
                if (c != null) {
                    for (MethodNode mn : c.methods) {
                        if (mn.name.equals(h.getName()) && mn.desc.equals(h.getDesc())) {
                            t = mn;
                        }
                    }
                }
                if (!isPublic || (c != null && (t == null || (t.access & Opcodes.ACC_PUBLIC) == 0))) {
                    return null;
                }
            }
            Type[] params = Type.getArgumentTypes(h.getDesc());
            int tag = h.getTag();
            int opcode = switch (tag) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                default -> -1;
            };
            if (opcode < 0) {
                return null;
            }
            int wants = (opcode == Opcodes.INVOKESTATIC ? 0 : 1) + params.length;
            if (run) {
                return wants == 0 ? new InlineCall(opcode, h.getOwner(), h.getName(), h.getDesc(), h.isInterface(), null,
                        false) : null;
            }
            Type[] given = instantiated.getArgumentTypes();
            if (wants != 1 || given.length != 1) {
                return null;
            }
            Type param = opcode == Opcodes.INVOKESTATIC ? params[0] : Type.getObjectType(h.getOwner());
            int ps = param.getSort();
            int gs = given[0].getSort();
            if (gs != Type.OBJECT && gs != Type.ARRAY) {
                return null;
            }
            boolean unbox = ps != Type.OBJECT && ps != Type.ARRAY;
            if (unbox && !given[0].getInternalName().equals(Emit.wrapper(param))) {
                return null;                                     // a widening too: left to the lambda class
            }
            return new InlineCall(opcode, h.getOwner(), h.getName(), h.getDesc(), h.isInterface(),
                    given[0].getInternalName(), unbox);
        }

        /**
         * The functional method's instantiated arguments are all {@code Object}: the lambda class
         * casts none, so skipping the call cannot skip a {@code ClassCastException} of a polluted
         * argument.
         */
        private static boolean objectArguments(InvokeDynamicInsnNode indy) {
            if (!(indy.bsmArgs[2] instanceof Type instantiated)) {
                return false;
            }
            for (Type a : instantiated.getArgumentTypes()) {
                if (!a.getDescriptor().equals("Ljava/lang/Object;")) {
                    return false;
                }
            }
            return true;
        }

        private ClassNode classNode(String owner) {
            if (read.containsKey(owner)) {
                return read.get(owner);
            }
            ClassNode c = null;
            if (loader != null) {
                try (InputStream in = loader.getResourceAsStream(owner + ".class")) {
                    if (in != null) {
                        c = new ClassNode(Opcodes.ASM9);
                        new ClassReader(in.readAllBytes()).accept(c, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
                    }
                } catch (IOException | RuntimeException e) {
                    c = null;
                }
            }
            read.put(owner, c);
            return c;
        }
    }
}
