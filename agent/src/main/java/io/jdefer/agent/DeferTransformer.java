package io.jdefer.agent;

import java.lang.instrument.ClassFileTransformer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The class-file transformer: filters by name and by a byte scan, then hands classes that may hold
 * frames to {@link ClassRewriter}. Never throws: a class that fails is left as it was, with one
 * warning line naming it and why (DESIGN §5).
 */
final class DeferTransformer implements ClassFileTransformer {
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger scanned = new AtomicInteger();
    private final AtomicInteger rewritten = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // The agent's own classes first, by a plain string test: loading Names here while Names
        // itself is being loaded would define it twice.
        seen.incrementAndGet();
        if (className == null || loader == null || className.startsWith("io/jdefer/agent/")
                || Names.isIgnored(className)
                || !ClassRewriter.mayHoldFrames(classfileBuffer)) {
            return null;
        }
        scanned.incrementAndGet();
        try {
            byte[] out = ClassRewriter.rewrite(classfileBuffer,
                    line -> Log.warn(line), loader);
            if (out != null) {
                rewritten.incrementAndGet();
                if (Log.verbose()) {
                    Log.info("rewrote " + className.replace('/', '.'));
                }
            }
            return out;
        } catch (Throwable t) {
            failed.incrementAndGet();
            Log.warn("class " + className.replace('/', '.') + " left untouched: " + describe(t)
                    + "; its @Defer/@Recover methods and Go.defer calls will fail when they run");
            return null;
        }
    }

    /**
     * Loads every class the transformer needs by rewriting a small synthetic class once, before
     * the transformer is installed: no agent class is then loaded lazily inside a transform.
     */
    static void warmUp() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "io/jdefer/agent/WarmUp", null,
                "java/lang/Object", null);
        String[] descs = {"()I", "()J", "()Ljava/lang/String;", "()V"};
        for (int i = 0; i < descs.length; i++) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m" + i, descs[i], null, null);
            AnnotationVisitor av = mv.visitAnnotation(Names.RECOVER_DESC, true);
            AnnotationVisitor values = av.visitArray("value");
            values.visit(null, Type.getObjectType("java/lang/IllegalStateException"));
            values.visitEnd();
            av.visitEnd();
            mv.visitCode();
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.GO, "defer", Names.ACTION_DEFER, false);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.GO, "setResult", Names.SET_RESULT_DESC, false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.GO, "result", Names.RESULT_DESC, false);
            mv.visitInsn(Opcodes.POP);
            Type r = Type.getReturnType(descs[i]);
            if (r.getSort() == Type.INT) {
                mv.visitInsn(Opcodes.ICONST_0);
            } else if (r.getSort() == Type.LONG) {
                mv.visitInsn(Opcodes.LCONST_0);
            } else if (r.getSort() == Type.OBJECT) {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
            mv.visitInsn(r.getOpcode(Opcodes.IRETURN));
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        if (!ClassRewriter.mayHoldFrames(bytes) || ClassRewriter.rewrite(bytes, Log::warn) == null) {
            throw new IllegalStateException("warm-up class was not rewritten");
        }
        Names.isIgnored("a/B");
    }

    /** With {@code verbose=true}: one summary line when the JVM exits. */
    void reportAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Log.info("summary: " + seen.get()
                + " classes seen, " + scanned.get() + " mention jdefer, " + rewritten.get() + " rewritten, "
                + failed.get() + " failed to transform"), "jdefer-agent-summary"));
    }

    /** Classes rewritten so far. */
    int rewritten() {
        return rewritten.get();
    }

    /** Classes that failed to transform so far. */
    int failed() {
        return failed.get();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
