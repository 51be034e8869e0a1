package io.jdefer.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Finds the frames of one class and rewrites them (docs/semantics.md rule 1): methods annotated
 * {@code @Defer}/{@code @Recover}, and every method or lambda body whose code calls
 * {@code Go.defer}. Works on bytes alone: annotations and the {@code Go} owner are matched by
 * name, no class is loaded. Two passes: a cheap scan without frames or debug information decides;
 * only a class with a frame is read again and written.
 *
 * <p>A rewritten class carries the invisible class annotation {@link #REWRITTEN} (never loaded,
 * invisible to reflection), and a class carrying it has no frames to rewrite: rewriting is
 * idempotent, so the agent leaves a build-time woven class alone and a second weaving of the same
 * class files (an incremental build without {@code clean}) changes nothing.
 */
final class ClassRewriter {
    private ClassRewriter() {
        throw new AssertionError();
    }

    /** The mark of a class this rewriter produced. */
    static final String REWRITTEN = "Lio/jdefer/agent/Rewritten;";

    /** Facts about one method gathered by the scan. */
    private static final class Facts {
        final int access;
        final String name;
        final String descriptor;
        boolean defer;
        boolean recover;
        List<Type> recoverTypes;
        boolean callsDefer;

        Facts(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    /**
     * Quick filter on the raw class file: does its constant pool mention a jdefer name at all?
     *
     * @param bytes a class file
     * @return false if the class certainly holds no frame
     */
    static boolean mayHoldFrames(byte[] bytes) {
        byte[] m = RuntimeAbi.MARKER;
        byte first = m[0];
        int last = bytes.length - m.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < m.length; j++) {
                if (bytes[i + j] != m[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Rewrites the frames of a class.
     *
     * @param bytes the class file
     * @param warn receives one line per method that cannot be a frame
     * @return the new class file, or null when the class has no frame to rewrite
     */
    static byte[] rewrite(byte[] bytes, Consumer<String> warn) {
        return rewrite(bytes, warn, null);
    }

    /**
     * Rewrites the frames of a class; with open-coding on ({@link OpenCodedPlanner}), eligible
     * methods are open-coded and the others keep records.
     *
     * @param bytes the class file
     * @param warn receives one line per method that cannot be a frame
     * @param loader the class's defining loader (reads method-reference targets), or null
     * @return the new class file, or null when the class has no frame to rewrite
     */
    static byte[] rewrite(byte[] bytes, Consumer<String> warn, ClassLoader loader) {
        ClassReader reader = new ClassReader(bytes);
        String owner = reader.getClassName();
        Map<String, MethodPlan> plans = plan(reader, owner, warn);
        if (plans.isEmpty()) {
            return null;
        }
        int version = readVersion(bytes);
        if ((version & 0xFFFF) < Opcodes.V1_6) {
            throw new IllegalStateException("class file version " + (version & 0xFFFF)
                    + " (before Java 6) is not supported; recompile it with a current javac");
        }
        Map<String, OpenCodedPlan> open = OpenCodedPlanner.enabled()
                ? OpenCodedPlanner.plan(bytes, plans, loader) : Map.of();
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                AnnotationVisitor mark = super.visitAnnotation(REWRITTEN, false);
                if (mark != null) {
                    mark.visitEnd();
                }
                super.visitEnd();
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                MethodPlan plan = plans.get(name + descriptor);
                if (plan == null) {
                    return mv;
                }
                OpenCodedPlan oc = open.get(name + descriptor);
                return oc != null && oc.openCoded() ? new OpenCodedMethodVisitor(plan, oc, version, mv)
                        : new FrameMethodVisitor(plan, version, mv);
            }
        }, ClassReader.EXPAND_FRAMES);
        byte[] out = writer.toByteArray();
        // An application with an older jdefer-runtime keeps the stack-walking recover.
        return loader != null && loader.getResource(RuntimeAbi.DIRECT_RECOVER + ".class") == null
                ? out : withDirectRecover(out);
    }

    /**
     * Second pass over a rewritten class: methods that call {@code Go.recover()} get the walk-free
     * recover of {@link DirectRecoverVisitor}. A pass of its own so it composes with whichever
     * frame rewrite a method got.
     */
    static byte[] withDirectRecover(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        java.util.Set<String> callers = new java.util.HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String o, String n, String d, boolean itf) {
                        if (DirectRecoverVisitor.isRecover(opcode, o, n, d)) {
                            callers.add(name + descriptor);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        if (callers.isEmpty()) {
            return bytes;
        }
        String owner = reader.getClassName();
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return callers.contains(name + descriptor)
                        ? new DirectRecoverVisitor(access, owner, name, descriptor, mv) : mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static int readVersion(byte[] bytes) {
        return ((bytes[4] & 0xFF) << 24) | ((bytes[5] & 0xFF) << 16) | ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    }

    /** The scan: which methods become frames (none in a class already rewritten); warnings for those that cannot. */
    static Map<String, MethodPlan> plan(ClassReader reader, String owner, Consumer<String> warn) {
        List<Facts> all = new ArrayList<>();
        boolean[] rewritten = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                if (desc.equals(REWRITTEN)) {
                    rewritten[0] = true;
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                Facts f = new Facts(access, name, descriptor);
                all.add(f);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                        if (desc.equals(RuntimeAbi.DEFER_DESC)) {
                            f.defer = true;
                        } else if (desc.equals(RuntimeAbi.RECOVER_DESC)) {
                            f.recover = true;
                            return new AnnotationVisitor(Opcodes.ASM9) {
                                @Override
                                public AnnotationVisitor visitArray(String elementName) {
                                    if (!"value".equals(elementName)) {
                                        return null;
                                    }
                                    f.recoverTypes = new ArrayList<>();
                                    return new AnnotationVisitor(Opcodes.ASM9) {
                                        @Override
                                        public void visit(String n, Object value) {
                                            if (value instanceof Type t) {
                                                f.recoverTypes.add(t);
                                            }
                                        }
                                    };
                                }
                            };
                        }
                        return null;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String o, String n, String d, boolean itf) {
                        if (RuntimeAbi.isDefer(opcode, o, n, d)) {
                            f.callsDefer = true;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        if (rewritten[0]) {
            return Map.of();
        }

        Map<String, MethodPlan> plans = new HashMap<>();
        String cls = owner.replace('/', '.');
        for (Facts f : all) {
            boolean annotated = f.defer || f.recover;
            if (!annotated && !f.callsDefer) {
                continue;
            }
            String what = (f.recover ? "@Recover method " : f.defer ? "@Defer method " : "method ")
                    + cls + "." + f.name + f.descriptor;
            if ((f.access & Opcodes.ACC_BRIDGE) != 0 && !f.callsDefer) {
                continue;   // javac copies annotations to bridges; the bridged method is the frame
            }
            if (f.name.equals("<init>")) {
                warn.accept("constructor " + cls + ".<init>" + f.descriptor + " not rewritten: a constructor cannot be a defer frame (its super() call cannot be"
                        + " inside one); move the body into a @Defer method the constructor calls"
                        + (f.callsDefer ? " (its Go.defer calls will fail at run time)" : ""));
                continue;
            }
            if ((f.access & Opcodes.ACC_ABSTRACT) != 0) {
                warn.accept(what + " not rewritten: it is abstract, so it has no body to be a frame;"
                        + " annotate the implementing methods instead");
                continue;
            }
            if ((f.access & Opcodes.ACC_NATIVE) != 0) {
                warn.accept(what + " not rewritten: a native method has no bytecode body to be a frame");
                continue;
            }
            plans.put(f.name + f.descriptor, new MethodPlan(owner, f.access, f.name, f.descriptor, f.recover,
                    f.recover ? f.recoverTypes : null));
        }
        return plans;
    }
}
