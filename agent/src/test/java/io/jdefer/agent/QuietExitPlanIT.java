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

    /** Per method, the classes its notExactly checks name (the three ldc/aconst_null before each call). */
    private static Map<String, List<String>> receiverChecks(byte[] rewritten) {
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        new ClassReader(rewritten).accept(cn, 0);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode in : m.instructions) {
                if (in instanceof MethodInsnNode mi && mi.owner.equals(STATE) && mi.name.equals("notExactly")) {
                    List<String> classes = new ArrayList<>();
                    AbstractInsnNode p = in;
                    for (int i = 0; i < OpenCodedPlanner.MAX_GUARD_CLASSES; i++) {
                        p = p.getPrevious();
                        if (p instanceof org.objectweb.asm.tree.LdcInsnNode ldc) {
                            classes.add(0, ((org.objectweb.asm.Type) ldc.cst).getInternalName());
                        }
                    }
                    out.computeIfAbsent(m.name, k -> new ArrayList<>()).addAll(classes);
                }
            }
        }
        return out;
    }

    @Test
    void quietExactlyWhenNoActionMayUseTheSlot() throws IOException {
        assertEquals(Set.of("staticMethodRefInALoop", "idleRecoverAndALoop", "recoverNoSites", "nilAction", "jdkLock",
                "jdkInterfaceLock"), quiet(bytes("io/jdefer/agent/QuietExitFixtures.class")));
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
                "jdkInterfaceLock"), heardQuiet, "verbose=true names the quiet exits");
        Map<String, List<String>> exits = exits(out);
        for (String m : List.of("staticMethodRefInALoop", "idleRecoverAndALoop", "recoverNoSites", "nilAction",
                "jdkLock", "jdkInterfaceLock")) {
            assertEquals(List.of("quiet", "full"), exits.get(m), m);
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
}
