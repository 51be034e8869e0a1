package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.agent.vet.Vet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A {@link ClassRewriter} does what its {@link RewriteConfig} says and tells its
 * {@link RewriteListener} what it did, with no state shared between rewriters: this JVM runs
 * under the agent (with whatever options the failsafe execution gave it) while the rewriters here
 * use their own configurations on the same class files.
 */
class RewriteConfigIT {
    private static final String FIXTURES = "io.jdefer.agent.OpenCodedFixtures";

    private static byte[] fixtures() throws IOException {
        try (InputStream in = RewriteConfigIT.class.getResourceAsStream("OpenCodedFixtures.class")) {
            return in.readAllBytes();
        }
    }

    /** Every event, one string each, in order. */
    static final class Recorder implements RewriteListener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void onRewritten(String className) {
            events.add("rewritten " + className);
        }

        @Override
        public synchronized void onOpenCoded(String className, String method, int sites) {
            events.add("open-coded " + className + "." + method + " " + sites);
        }

        @Override
        public synchronized void onKeptRecords(String className, String method, String reason) {
            events.add("records " + className + "." + method + ": " + reason);
        }

        @Override
        public synchronized void onSkipped(String className, String reason) {
            events.add("skipped " + className + ": " + reason);
        }

        @Override
        public synchronized void onWarning(String className, String message) {
            events.add("warning " + className + ": " + message);
        }

        @Override
        public synchronized void onError(String className, Throwable error) {
            events.add("error " + className + ": " + error);
        }

        @Override
        public synchronized void onVetFinding(String className, Vet.Finding finding) {
            events.add("vet " + className + ": " + finding);
        }

        synchronized List<String> starting(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).toList();
        }
    }

    private static int calls(byte[] bytes, String owner) {
        int[] n = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String o, String n2, String d, boolean itf) {
                        if (o.equals(owner)) {
                            n[0]++;
                        }
                    }
                };
            }
        }, 0);
        return n[0];
    }

    private static byte[] rewrite(RewriteConfig config, RewriteListener listener, byte[] bytes) {
        return new ClassRewriter(config, listener).rewrite(bytes, RewriteConfigIT.class.getClassLoader());
    }

    @Test
    void twoConfigurationsInOneJvm_giveTwoRewrites() throws IOException {
        byte[] original = fixtures();
        byte[] open = rewrite(RewriteConfig.AGENT_DEFAULT, RewriteListener.NONE, original);
        byte[] records = rewrite(new RewriteConfig(false, false, false), RewriteListener.NONE, original);
        byte[] openAgain = rewrite(RewriteConfig.AGENT_DEFAULT, RewriteListener.NONE, original);
        assertNotNull(open);
        assertNotNull(records);
        assertTrue(calls(open, RuntimeAbi.OPEN_CODED_SUPPORT) > 0, "open-coded methods hand over through OpenCodedSupport");
        assertEquals(0, calls(records, RuntimeAbi.OPEN_CODED_SUPPORT), "opencoded=false: records everywhere");
        assertFalse(Arrays.equals(open, records));
        assertTrue(Arrays.equals(open, openAgain), "the records rewrite in between changed the open-coded one");
    }

    @Test
    void traceTurnsOpenCodingOff() throws IOException {
        byte[] original = fixtures();
        Recorder events = new Recorder();
        byte[] traced = rewrite(new RewriteConfig(true, true, false), events, original);
        byte[] records = rewrite(new RewriteConfig(false, false, false), RewriteListener.NONE, original);
        assertTrue(Arrays.equals(records, traced), "trace=true rewrites as opencoded=false does");
        assertTrue(events.starting("open-coded").isEmpty(), events.events.toString());
        assertTrue(events.starting("records " + FIXTURES + ".openOneLambda()V: trace mode").size() == 1,
                events.events.toString());
    }

    @Test
    void theListenerHearsEachDecision() throws IOException {
        Recorder events = new Recorder();
        byte[] out = rewrite(RewriteConfig.AGENT_DEFAULT, events, fixtures());
        assertNotNull(out);
        assertEquals(List.of("rewritten " + FIXTURES), events.starting("rewritten"));
        assertEquals(List.of("open-coded " + FIXTURES + ".openEight()I 8"), events.starting("open-coded " + FIXTURES + ".openEight"));
        List<String> many = events.starting("records " + FIXTURES + ".recordsSixtyFive()V: ");
        assertEquals(1, many.size(), events.events.toString());
        assertTrue(many.get(0).contains("65 Go.defer calls"), many.get(0));
        assertTrue(events.starting("vet").isEmpty(), "vetAtLoad is off: " + events.events);
        assertTrue(events.starting("error").isEmpty(), events.events.toString());

        Recorder again = new Recorder();
        assertNull(rewrite(RewriteConfig.AGENT_DEFAULT, again, out));
        assertEquals(List.of("skipped " + FIXTURES + ": already rewritten (woven at build time, or by another jdefer agent)"),
                again.events);
    }

    @Test
    void vetAtLoad_reportsThroughTheListener_onlyOnTheFirstLoad() throws IOException {
        Recorder events = new Recorder();
        ClassRewriter rewriter = new ClassRewriter(new RewriteConfig(true, false, true), events);
        rewriter.rewrite(fixtures(), RewriteConfigIT.class.getClassLoader(), true);
        List<String> vet = events.starting("vet " + FIXTURES + ": ");
        assertTrue(vet.stream().anyMatch(v -> v.contains("OpenCodedFixtures.java:") && v.contains("loop")), vet.toString());
        events.events.clear();
        rewriter.rewrite(fixtures(), RewriteConfigIT.class.getClassLoader(), false);
        assertTrue(events.starting("vet").isEmpty(), "a retransformation is vetted again: " + events.events);
    }

    /** A class with one {@code @Defer} constructor and one {@code @Defer} method, of the given version. */
    private static byte[] generated(String name, int version) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitAnnotation(RuntimeAbi.DEFER_DESC, true).visitEnd();
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        mv.visitAnnotation(RuntimeAbi.DEFER_DESC, true).visitEnd();
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aConstructorFrame_isAWarning_andTheRestIsRewritten() {
        Recorder events = new Recorder();
        assertNotNull(rewrite(RewriteConfig.WEAVING, events, generated("gen/Ctor", Opcodes.V17)));
        List<String> warnings = events.starting("warning gen.Ctor: constructor gen.Ctor.<init>()V not rewritten");
        assertEquals(1, warnings.size(), events.events.toString());
        assertEquals(List.of("records gen.Ctor.run()V: open-coding is off", "rewritten gen.Ctor"),
                events.events.subList(1, events.events.size()));
    }

    @Test
    void theTransformer_reportsAFailure_andLeavesTheClass() {
        Recorder events = new Recorder();
        DeferTransformer t = new DeferTransformer(new ClassRewriter(RewriteConfig.AGENT_DEFAULT, events));
        assertNull(t.transform(getClass().getClassLoader(), "gen/Old", null, null, generated("gen/Old", Opcodes.V1_5)));
        List<String> errors = events.starting("error gen.Old: java.lang.IllegalStateException: class file version 49");
        assertEquals(1, errors.size(), events.events.toString());
    }

    @Test
    void theTransformer_survivesAnyThrowable_evenAStackOverflow() throws IOException {
        Recorder events = new Recorder();
        RewriteListener overflowing = new RewriteListener() {
            @Override
            public void onOpenCoded(String className, String method, int sites) {
                throw new StackOverflowError("near the stack limit");
            }

            @Override
            public void onError(String className, Throwable error) {
                events.onError(className, error);
            }
        };
        DeferTransformer t = new DeferTransformer(new ClassRewriter(RewriteConfig.AGENT_DEFAULT, overflowing));
        assertNull(t.transform(getClass().getClassLoader(), "io/jdefer/agent/x/Fixtures", null, null, fixtures()),
                "the agent's own package is never rewritten");
        assertNull(t.transform(getClass().getClassLoader(), "com/example/Fixtures", null, null, fixtures()));
        assertEquals(List.of("error com.example.Fixtures: java.lang.StackOverflowError: near the stack limit"), events.events);
    }

    @Test
    void aClassWithoutJdefer_isRejectedByTheByteScan_withoutAnEvent() throws IOException {
        Recorder events = new Recorder();
        DeferTransformer t = new DeferTransformer(new ClassRewriter(RewriteConfig.AGENT_DEFAULT, events));
        byte[] plain;
        try (InputStream in = String.class.getResourceAsStream("String.class")) {
            plain = in.readAllBytes();
        }
        assertNull(t.transform(getClass().getClassLoader(), "com/example/Plain", null, null, plain));
        assertTrue(events.events.isEmpty(), events.events.toString());
    }
}
