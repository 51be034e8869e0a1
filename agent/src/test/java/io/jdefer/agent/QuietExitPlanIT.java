package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which record-tier frames get the quiet normal exit ({@code deferReturnQuietX}, no result slot
 * published), decided from bytecode: exactly those whose every action is known not to use the
 * slot. {@code io.jdefer.it.QuietExitIT} checks what such exits do.
 */
class QuietExitPlanIT {
    private static final String STATE = "io/jdefer/internal/GoroutineState";
    private static final ClassLoader LOADER = QuietExitPlanIT.class.getClassLoader();

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }

    private static Set<String> quiet(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        Map<String, MethodPlan> frames = ClassRewriter.plan(reader, reader.getClassName(), line -> { });
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        reader.accept(cn, ClassReader.SKIP_FRAMES);
        Set<String> names = new TreeSet<>();
        for (String key : OpenCodedPlanner.quietExits(cn, frames.keySet(), LOADER).keySet()) {
            names.add(key.substring(0, key.indexOf('(')));
        }
        return names;
    }

    /** The exits each frame method's rewritten code calls: "quiet", "full" (in code order, deduplicated). */
    private static Map<String, List<String>> exits(byte[] rewritten) {
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        new ClassReader(rewritten).accept(cn, 0);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (MethodNode m : cn.methods) {
            List<String> kinds = new ArrayList<>();
            for (AbstractInsnNode in : m.instructions) {
                if (in instanceof MethodInsnNode mi && mi.owner.equals(STATE) && mi.name.startsWith("deferReturn")) {
                    String k = mi.name.startsWith("deferReturnQuiet") ? "quiet" : "full";
                    if (!kinds.contains(k)) {
                        kinds.add(k);
                    }
                }
            }
            if (!kinds.isEmpty()) {
                out.put(m.name, kinds);
            }
        }
        return out;
    }

    /**
     * Per method of the rewritten class, what {@code f} makes of each call of the runtime's
     * {@code name}, in code order (methods without such a call are left out).
     */
    private static Map<String, List<String>> perStateCall(byte[] rewritten, String name,
            java.util.function.Function<MethodInsnNode, List<String>> f) {
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        new ClassReader(rewritten).accept(cn, 0);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode in : m.instructions) {
                if (in instanceof MethodInsnNode mi && mi.owner.equals(STATE) && mi.name.equals(name)) {
                    out.computeIfAbsent(m.name, k -> new ArrayList<>()).addAll(f.apply(mi));
                }
            }
        }
        return out;
    }

    /** Per method, the classes its notExactly checks name (the three ldc/aconst_null before each call). */
    private static Map<String, List<String>> receiverChecks(byte[] rewritten) {
        return perStateCall(rewritten, "notExactly", in -> {
            List<String> classes = new ArrayList<>();
            AbstractInsnNode p = in;
            for (int i = 0; i < OpenCodedPlanner.MAX_GUARD_CLASSES; i++) {
                p = p.getPrevious();
                if (p instanceof org.objectweb.asm.tree.LdcInsnNode ldc) {
                    classes.add(0, ((org.objectweb.asm.Type) ldc.cst).getInternalName());
                }
            }
            return classes;
        });
    }

    @Test
    void quietExactlyWhenNoActionMayUseTheSlot() throws IOException {
        assertEquals(Set.of("staticMethodRefInALoop", "idleRecoverAndALoop", "recoverNoSites", "nilAction", "jdkLock",
                "jdkInterfaceLock", "mixedInALoop", "notInlinedInALoop", "defersInside"),
                quiet(bytes("io/jdefer/agent/QuietExitFixtures.class")));
    }

    @Test
    void quietExitIT_exercisesQuietExits_exceptForItsSlotUsingCallers() throws IOException {
        Set<String> q = quiet(bytes("io/jdefer/it/QuietExitIT.class"));
        assertEquals(Set.of("quietInt", "quietVoid", "voidRecovers", "boolRecovers", "byteRecovers", "charRecovers",
                "shortRecovers", "intRecovers", "longRecovers", "floatRecovers", "doubleRecovers", "stringRecovers",
                "arrayRecovers", "panicsOut", "panicsOutVoid", "quietInner", "underLockInALoop"), q);
    }

    @Test
    void rewrittenQuietFrames_callTheQuietExitOnReturn_andTheFullOneOnlyInTheirHandler() throws IOException {
        Set<String> heardQuiet = new TreeSet<>();
        RewriteListener listener = new RewriteListener() {
            @Override
            public void onKeptRecords(String className, String method, String reason, boolean quietExit) {
                if (quietExit) {
                    heardQuiet.add(method.substring(0, method.indexOf('(')));
                }
            }
        };
        byte[] out = new ClassRewriter(new RewriteConfig(false, false, false), listener)
                .rewrite(bytes("io/jdefer/agent/QuietExitFixtures.class"), LOADER);
        assertEquals(Set.of("staticMethodRefInALoop", "idleRecoverAndALoop", "recoverNoSites", "nilAction", "jdkLock",
                "jdkInterfaceLock", "mixedInALoop", "notInlinedInALoop", "defersInside"), heardQuiet,
                "verbose=true names the quiet exits");
        Map<String, List<String>> exits = exits(out);
        for (String m : List.of("staticMethodRefInALoop", "idleRecoverAndALoop", "recoverNoSites", "nilAction",
                "jdkLock", "jdkInterfaceLock")) {
            // the quiet exit on a return or after the inlined records, the full one in the handler
            assertEquals(Set.of("quiet", "full"), Set.copyOf(exits.get(m)), m);
        }
        for (String m : List.of("touchesTheSlot", "unknownAction", "overridableTarget", "capturedLock")) {
            assertEquals(List.of("full"), exits.get(m), m);
        }
        // The receiver check: exactly at the JDK lock defers, with their classes.
        Map<String, List<String>> checks = receiverChecks(out);
        assertEquals(Map.of("jdkLock", List.of("java/util/concurrent/locks/ReentrantLock"),
                "jdkInterfaceLock", List.of("java/util/concurrent/locks/ReentrantLock",
                        "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
                        "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock")), checks);
    }

    @Test
    void anApplicationWhoseRuntimePredatesQuietExits_keepsTheFullExit() throws IOException {
        ClassLoader noRuntime = new ClassLoader(null) { };
        assertTrue(!RuntimeAbi.hasQuietExits(noRuntime));
        assertTrue(RuntimeAbi.hasQuietExits(LOADER));
        byte[] out = new ClassRewriter(new RewriteConfig(false, false, false), RewriteListener.NONE)
                .rewrite(bytes("io/jdefer/agent/QuietExitFixtures.class"), noRuntime);
        for (Map.Entry<String, List<String>> e : exits(out).entrySet()) {
            assertEquals(List.of("full"), e.getValue(), e.getKey());
        }
    }

    /**
     * Per method, what its inlined exit does with each site's record, in code order: the method it
     * calls ({@code Owner.name}, simple owner name) or "idle" (popped, not run).
     */
    private static Map<String, List<String>> inlined(byte[] rewritten) {
        return perStateCall(rewritten, "popDeferArg", in -> {
            // the first call after the pop and its unboxing: the action's, or the exit's next
            // top() when idle
            AbstractInsnNode p = in.getNext();
            while (!(p instanceof MethodInsnNode mc) || mc.owner.startsWith("java/lang/") && mc.name.endsWith("Value")) {
                p = p.getNext();
            }
            MethodInsnNode call = (MethodInsnNode) p;
            return List.of(call.owner.equals(STATE) ? "idle"
                    : call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name);
        });
    }

    @Test
    void constantActionsWithAKnownMethod_areRunByTheFrameItself() throws IOException {
        byte[] out = new ClassRewriter(new RewriteConfig(false, false, false), RewriteListener.NONE)
                .rewrite(bytes("io/jdefer/agent/QuietExitFixtures.class"), LOADER);
        Map<String, List<String>> expected = new java.util.TreeMap<>(Map.of(
                "staticMethodRefInALoop", List.of("QuietExitFixtures.close"),
                "idleRecoverAndALoop", List.of("idle", "QuietExitFixtures.close"),
                "jdkLock", List.of("ReentrantLock.unlock"),
                "defersInside", List.of("QuietExitFixtures.close"),
                "jdkInterfaceLock", List.of("Lock.unlock"),
                // the capturing lambda is not there: the runtime runs it
                "mixedInALoop", List.of("QuietExitFixtures.length", "QuietExitFixtures.longLength",
                        "QuietExitFixtures.close", "QuietExitFixtures$Helper.stat", "QuietExitFixtures.intArg")));
        assertEquals(expected, inlined(out));
        byte[] other = new ClassRewriter(new RewriteConfig(false, false, false), RewriteListener.NONE)
                .rewrite(bytes("io/jdefer/agent/QuietExitFixtures$Other.class"), LOADER);
        assertEquals(Map.of("hiddenInALoop", List.of("QuietExitFixtures$Other.hidden")), inlined(other),
                "its own private method: this class may call it");
    }

    @Test
    void anApplicationWhoseRuntimePredatesInlinedExits_keepsTheQuietExit() throws IOException {
        // the runtime class as an older jdefer-runtime had it: the quiet exits, not the inlined ones
        byte[] state = bytes(STATE + ".class");
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(0);
        new ClassReader(state).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return name.equals("popDeferArg") ? null : super.visitMethod(access, name, descriptor, signature,
                        exceptions);
            }
        }, 0);
        byte[] older = w.toByteArray();
        ClassLoader olderRuntime = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals(STATE + ".class") ? new java.io.ByteArrayInputStream(older)
                        : LOADER.getResourceAsStream(name);
            }
        };
        assertTrue(RuntimeAbi.hasQuietExits(olderRuntime));
        assertTrue(!RuntimeAbi.hasInlinedExits(olderRuntime));
        assertTrue(RuntimeAbi.hasInlinedExits(LOADER));
        byte[] out = new ClassRewriter(new RewriteConfig(false, false, false), RewriteListener.NONE)
                .rewrite(bytes("io/jdefer/agent/QuietExitFixtures.class"), olderRuntime);
        assertEquals(Map.of(), inlined(out));
        assertEquals(List.of("quiet", "full"), exits(out).get("mixedInALoop"));
    }
}
