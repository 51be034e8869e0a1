package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * The open-coding decision and the rewritten shape, checked on bytecode: {@link OpenCodedFixtures}'s
 * original class file goes through {@link ClassRewriter} with open-coding on. An open-coded method
 * has no call into the runtime's records on its normal path (no {@code GoroutineState} call
 * reachable from entry without an exception edge) and calls each deferred action by its own
 * {@code invokeinterface}; a method that falls back starts with {@code GoroutineState.current()}.
 * The rewritten class is then defined in a fresh loader (so the JVM's verifier checks it) and run.
 */
class OpenCodedRewriteIT {
    private static final String OWNER = "io/jdefer/agent/OpenCodedFixtures";
    private static final String STATE = "io/jdefer/internal/GoroutineState";

    private static byte[] original() throws IOException {
        try (InputStream in = OpenCodedRewriteIT.class.getResourceAsStream("OpenCodedFixtures.class")) {
            return in.readAllBytes();
        }
    }

    private static Map<String, OpenCodedPlan> decisions() throws IOException {
        byte[] bytes = original();
        Map<String, MethodPlan> frames = ClassRewriter.plan(new ClassReader(bytes), OWNER, line -> { });
        return OpenCodedPlanner.plan(bytes, frames, OpenCodedRewriteIT.class.getClassLoader());
    }

    private static byte[] rewritten() throws IOException {
        byte[] out = new ClassRewriter(RewriteConfig.AGENT_DEFAULT, RewriteListener.NONE)
                .rewrite(original(), OpenCodedRewriteIT.class.getClassLoader());
        assertNotNull(out);
        return out;
    }

    private static OpenCodedPlan decision(Map<String, OpenCodedPlan> all, String name) {
        for (Map.Entry<String, OpenCodedPlan> e : all.entrySet()) {
            if (e.getKey().startsWith(name + "(")) {
                return e.getValue();
            }
        }
        throw new AssertionError("no frame method " + name + " in " + all.keySet());
    }

    @Test
    void eligibility_followsGosRules() throws IOException {
        Map<String, OpenCodedPlan> all = decisions();
        for (String m : List.of("openOneLambda", "openWithArg", "openViaLocal", "openEight", "openVoidUnknownAction",
                "openBranches", "openRecoverNoDefers", "openDeferRecover", "openNil", "openStaticFinal", "openNine",
                "openSixtyFour")) {
            OpenCodedPlan p = decision(all, m);
            assertTrue(p.openCoded(), m + ": " + p.reason());
        }
        assertEquals(8, decision(all, "openEight").sites());
        assertEquals(9, decision(all, "openNine").sites());
        assertEquals(64, decision(all, "openSixtyFour").sites());
        assertEquals(0, decision(all, "openRecoverNoDefers").sites());

        assertReason(all, "recordsInLoop", "Go.defer in a loop at line");
        assertReason(all, "recordsSixtyFive", "65 Go.defer calls (open-coding takes at most 64");
        assertReason(all, "recordsDeferHandle", "is Go::defer");

        // Open-coded, but the exit publishes its result slot: some action may use Go.result/Go.setResult.
        List<String> publishing = List.of("publishesSetResultHandle", "publishesResultHandleInVoid",
                "publishesUnknownAction", "publishesOverridable", "publishesLambdaCallsSetResult",
                "publishesVoidLambdaCallsResult", "publishesStaticFinalCallsSetResult", "openVoidUnknownAction");
        for (String m : publishing) {
            OpenCodedPlan p = decision(all, m);
            assertTrue(p.openCoded() && p.publish(), m + ": " + p);
        }
        for (String m : List.of("openOneLambda", "openWithArg", "openEight", "openStaticFinal")) {
            assertFalse(decision(all, m).publish(), m + " has only actions known not to touch the slot");
        }

        // Idle at a normal exit (recover() answers null there): not called, no publication.
        for (String m : List.of("idleRecoverToResult", "idleRecoverThrowableTypeTest")) {
            OpenCodedPlan p = decision(all, m);
            assertTrue(p.openCoded() && p.idle()[0] && !p.publish() && p.calledSites() == 0, m + ": " + p);
        }
        OpenCodedPlan deferRecover = decision(all, "openDeferRecover");
        assertFalse(deferRecover.idle()[0], "defer(Go::recover) recovers a panic its frame's exit runs inside");
        OpenCodedPlan effect = decision(all, "publishesRecoverAfterAnEffect");
        assertTrue(effect.openCoded() && !effect.idle()[0] && effect.publish(), "an action with an effect runs");

        // JDK lock methods: publication only when the argument is not exactly the JDK class.
        OpenCodedPlan exact = decision(all, "guardedReentrantUnlock");
        assertEquals(0, exact.publishSites());
        assertEquals(List.of("java/util/concurrent/locks/ReentrantLock"), List.of(exact.guards()[0]));
        assertEquals(3, decision(all, "guardedLockUnlock").guards()[0].length);
        OpenCodedPlan bound = decision(all, "publishesBoundUnlock");
        assertTrue(bound.publishSites() == 1 && !bound.guarded(), "a bound receiver cannot be checked: " + bound);
        assertEquals("1 idle at a normal exit", decision(all, "idleRecoverToResult").exitSummary());
        assertEquals("publishes the result slot", bound.exitSummary());
        assertEquals("", decision(all, "openOneLambda").exitSummary());
        OpenCodedPlan mixed = decision(all, "guardedAndUnknown");
        assertEquals(0b10, mixed.publishSites());
        assertTrue(mixed.guards()[0] != null && mixed.guards()[1] == null);
    }

    @Test
    void anApplicationWithAnOlderRuntime_keepsRecords() throws IOException {
        byte[] bytes = original();
        Map<String, MethodPlan> frames = ClassRewriter.plan(new ClassReader(bytes), OWNER, line -> { });
        ClassLoader noRuntime = new ClassLoader(null) { };
        Map<String, OpenCodedPlan> all = OpenCodedPlanner.plan(bytes, frames, noRuntime);
        assertEquals(frames.size(), all.size());
        for (OpenCodedPlan p : all.values()) {
            assertFalse(p.openCoded());
            assertTrue(p.reason().contains("OpenCodedSupport"), p.reason());
        }
    }

    private static void assertReason(Map<String, OpenCodedPlan> all, String method, String part) {
        OpenCodedPlan p = decision(all, method);
        assertFalse(p.openCoded(), method + " should keep records");
        assertTrue(p.reason().contains(part), method + ": " + p.reason());
    }

    @Test
    void openCodedMethods_touchNoRuntimeStateOnTheNormalPath_fallbacksStartWithCurrent() throws IOException {
        ClassNode cn = new ClassNode();
        new ClassReader(rewritten()).accept(cn, 0);
        Map<String, OpenCodedPlan> all = decisions();
        int checked = 0;
        for (MethodNode m : cn.methods) {
            OpenCodedPlan p = all.get(m.name + m.desc);
            if (p == null) {
                continue;
            }
            checked++;
            List<MethodInsnNode> normal = normalPathCalls(m);
            if (p.openCoded()) {
                for (MethodInsnNode call : normal) {
                    assertFalse(call.owner.equals(STATE) || call.owner.equals("io/jdefer/Go") && call.name.equals("defer"),
                            m.name + " calls " + call.owner + "." + call.name + " on its normal path");
                }
                long inline = normal.stream().filter(c -> c.getOpcode() == Opcodes.INVOKEINTERFACE
                        && (c.owner.equals("io/jdefer/Action") || c.owner.equals("io/jdefer/ActionWith"))).count();
                assertEquals(p.calledSites(), inline, m.name + ": one inline call per deferred action not idle");
                assertEquals(1, calls(m, STATE, "current"), m.name + ": GoroutineState.current() only in the handler");
                assertEquals(p.publish() ? 1 : 0, normal.stream().filter(c -> c.name.equals("publish")).count(),
                        m.name + ": publishes its slot at the exit exactly when planned");
            } else {
                assertEquals(STATE + ".current", normal.get(0).owner + "." + normal.get(0).name,
                        m.name + " keeps records: its first call is GoroutineState.current()");
            }
            assertFalse(lines(m).isEmpty(), m.name + " keeps its line numbers");
        }
        assertEquals(all.size(), checked);
    }

    @Test
    void rewrittenMethods_keepLineNumbersAndLocalVariables() throws IOException {
        ClassNode before = new ClassNode();
        new ClassReader(original()).accept(before, 0);
        ClassNode after = new ClassNode();
        new ClassReader(rewritten()).accept(after, 0);
        MethodNode b = method(before, "openBranches");
        MethodNode a = method(after, "openBranches");
        assertTrue(lines(a).containsAll(lines(b)), lines(a) + " vs " + lines(b));
        assertEquals(names(b), names(a));
    }

    @Test
    void rewrittenClass_verifiesAndRuns() throws Exception {
        byte[] bytes = rewritten();
        ClassLoader parent = OpenCodedRewriteIT.class.getClassLoader();
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals("io.jdefer.agent.OpenCodedFixtures")) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        if (c == null) {
                            c = defineClass(name, bytes, 0, bytes.length);
                        }
                        return c;
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> c = Class.forName("io.jdefer.agent.OpenCodedFixtures", true, loader);
        @SuppressWarnings("unchecked")
        List<Object> log = (List<Object>) c.getField("LOG").get(null);

        assertEquals(8, call(c, "openEight"));
        assertEquals(List.of(7, 6, 5, 4, 3, 2, 1, 0), log);
        log.clear();
        call(c, "openNine");
        assertEquals(List.of(8, 7, 6, 5, 4, 3, 2, 1, 0), log);
        log.clear();
        assertEquals(64, call(c, "openSixtyFour"));
        List<Object> down = new ArrayList<>();
        for (int i = 63; i >= 0; i--) {
            down.add(i);
        }
        assertEquals(down, log);
        log.clear();
        call(c, "recordsSixtyFive");
        assertEquals(65, log.size());
        assertEquals(64, log.get(0));
        log.clear();
        assertEquals(1.5, call(c, "openBranches", true));
        assertEquals(2.5, call(c, "openBranches", false));
        assertEquals(List.of("first", "second", "first"), log);
        log.clear();
        assertEquals(0, call(c, "openRecoverNoDefers"));
        assertEquals(2L, call(c, "openViaLocal"));
        assertEquals(1, call(c, "openWithArg", "arg"));
        assertEquals(3, call(c, "openStaticFinal"));
        assertEquals(List.of("local", "arg", "static final"), log);
        log.clear();
        call(c, "recordsInLoop", 2);
        assertEquals(42, call(c, "publishesSetResultHandle"));
        assertEquals(7, call(c, "publishesLambdaCallsSetResult"));
        assertEquals(List.of("loop", "loop"), log);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(c, "openNil"));
        assertTrue(e.getCause() instanceof NullPointerException && e.getCause().getMessage().startsWith("deferred action is null"),
                String.valueOf(e.getCause()));
        assertNull(call(c, "openDeferRecover"));

        log.clear();
        assertEquals(1, call(c, "idleRecoverToResult"));
        assertEquals("normal", call(c, "idleRecoverThrowableTypeTest"));
        assertEquals(2, call(c, "publishesRecoverAfterAnEffect"));
        assertEquals(List.of("ran"), log);
        java.util.concurrent.locks.ReentrantLock l = new java.util.concurrent.locks.ReentrantLock();
        assertEquals(3, call(c, "guardedReentrantUnlock", l));
        assertEquals(4, call(c, "guardedLockUnlock", l));
        assertEquals(5, call(c, "publishesBoundUnlock", l));
        assertEquals(6, call(c, "guardedAndUnknown", l, (io.jdefer.Action) () -> log.add("unknown")));
        assertFalse(l.isLocked());
        InvocationTargetException npe = assertThrows(InvocationTargetException.class,
                () -> call(c, "guardedReentrantUnlock", (Object) null));
        assertTrue(npe.getCause() instanceof NullPointerException, String.valueOf(npe.getCause()));
    }

    private static Object call(Class<?> c, String name, Object... args) throws Exception {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name)) {
                return m.invoke(null, args);
            }
        }
        throw new AssertionError(name);
    }

    // ------------------------------------------------------------------ bytecode helpers

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static List<Integer> lines(MethodNode m) {
        List<Integer> out = new ArrayList<>();
        for (AbstractInsnNode in = m.instructions.getFirst(); in != null; in = in.getNext()) {
            if (in instanceof LineNumberNode ln && !out.contains(ln.line)) {
                out.add(ln.line);
            }
        }
        return out;
    }

    private static List<String> names(MethodNode m) {
        List<String> out = new ArrayList<>();
        if (m.localVariables != null) {
            for (LocalVariableNode v : m.localVariables) {
                out.add(v.name + ":" + v.desc);
            }
        }
        return out;
    }

    private static int calls(MethodNode m, String owner, String name) {
        int n = 0;
        for (AbstractInsnNode in = m.instructions.getFirst(); in != null; in = in.getNext()) {
            if (in instanceof MethodInsnNode mi && mi.owner.equals(owner) && mi.name.equals(name)) {
                n++;
            }
        }
        return n;
    }

    /** The calls reachable from entry through jumps and fall-through only (no exception edge), in code order. */
    private static List<MethodInsnNode> normalPathCalls(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        BitSet seen = new BitSet();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        seen.set(0);
        todo.add(0);
        while (!todo.isEmpty()) {
            int i = todo.poll();
            AbstractInsnNode in = insns.get(i);
            int op = in.getOpcode();
            List<LabelNode> targets = new ArrayList<>();
            boolean falls = true;
            if (in instanceof JumpInsnNode j) {
                targets.add(j.label);
                falls = op != Opcodes.GOTO;
            } else if (in instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
                falls = false;
            } else if (in instanceof LookupSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
                falls = false;
            } else if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
                falls = false;
            }
            List<Integer> next = new ArrayList<>();
            for (LabelNode l : targets) {
                next.add(insns.indexOf(l));
            }
            if (falls && i + 1 < n) {
                next.add(i + 1);
            }
            for (int k : next) {
                if (!seen.get(k)) {
                    seen.set(k);
                    todo.add(k);
                }
            }
        }
        List<MethodInsnNode> out = new ArrayList<>();
        for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
            if (insns.get(i) instanceof MethodInsnNode mi) {
                out.add(mi);
            }
        }
        return out;
    }
}
