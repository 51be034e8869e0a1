package io.jdefer.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;

/**
 * Finds the frames of one class and rewrites them (docs/semantics.md rule 1): methods annotated
 * {@code @Defer}/{@code @Recover}, and every method or lambda body whose code calls
 * {@code Go.defer}. Works on bytes alone: annotations and the {@code Go} owner are matched by
 * name, no class is loaded.
 *
 * <p>The class file is parsed once, into one {@link ClassReader} that every pass shares: a cheap
 * scan without frames or debug information decides (most classes that mention jdefer only call
 * {@code Go.go} or the like and stop here); only a class with a frame is read into one
 * {@link ClassNode} for the open-coding planner and vet, and then written in one pass that applies
 * the frame rewrite and the walk-free recover together.
 *
 * <p>A rewriter is immutable: its {@link RewriteConfig} says what it does, its
 * {@link RewriteListener} hears what it did. A rewritten class carries the invisible class
 * annotation {@link #REWRITTEN} (never loaded, invisible to reflection), and a class carrying it
 * has no frames to rewrite: rewriting is idempotent, so the agent leaves a build-time woven class
 * alone and a second weaving of the same class files (an incremental build without
 * {@code clean}) changes nothing.
 */
final class ClassRewriter {
    /** The mark of a class this rewriter produced. */
    static final String REWRITTEN = "Lio/jdefer/agent/Rewritten;";

    private final RewriteConfig config;
    private final RewriteListener listener;

    /**
     * @param config what to do
     * @param listener hears every decision; must not throw
     */
    ClassRewriter(RewriteConfig config, RewriteListener listener) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    RewriteConfig config() {
        return config;
    }

    RewriteListener listener() {
        return listener;
    }

    /** Facts about one method gathered by the scan. */
    private static final class Facts {
        final int access;
        final String name;
        final String descriptor;
        boolean defer;
        boolean recover;
        List<Type> recoverTypes;
        boolean callsDefer;
        boolean callsRecover;

        Facts(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    /** What the scan found: the frames, and the methods that call {@code Go.recover()}. */
    private record Scan(boolean rewritten, Map<String, MethodPlan> frames, Set<String> recoverCallers) { }

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
     * Does this class hold a frame to rewrite? The byte filter and the scan, nothing else.
     *
     * @param bytes a class file
     * @return true if {@link #rewrite} would rewrite it
     */
    static boolean holdsFrames(byte[] bytes) {
        return mayHoldFrames(bytes) && !scan(new ClassReader(bytes), message -> { }).frames().isEmpty();
    }

    /**
     * Rewrites the frames of a class as it is first defined.
     *
     * @param bytes the class file
     * @param loader the class's defining loader (reads method-reference targets), or null
     * @return the new class file, or null when the class has no frame to rewrite
     */
    byte[] rewrite(byte[] bytes, ClassLoader loader) {
        return rewrite(bytes, loader, true);
    }

    /**
     * Rewrites the frames of a class; with open-coding on ({@link OpenCodedPlanner}), eligible
     * methods are open-coded and the others keep records.
     *
     * @param bytes the class file
     * @param loader the class's defining loader (reads method-reference targets), or null
     * @param firstLoad false on a retransformation, which vet has seen already
     * @return the new class file, or null when the class has no frame to rewrite
     */
    byte[] rewrite(byte[] bytes, ClassLoader loader, boolean firstLoad) {
        ClassReader reader = new ClassReader(bytes);
        String owner = reader.getClassName();
        String cls = owner.replace('/', '.');
        boolean vet = config.vetAtLoad() && firstLoad;
        Scan scan = scan(reader, message -> listener.onWarning(cls, message));
        if (scan.rewritten()) {
            listener.onSkipped(cls, "already rewritten (woven at build time, or by another jdefer agent)");
            return null;
        }
        ClassNode node = null;
        if (vet) {
            node = node(reader);
            vet(cls, node);
        }
        Map<String, MethodPlan> plans = scan.frames();
        if (plans.isEmpty()) {
            listener.onSkipped(cls, "no frame: no @Defer/@Recover method and no Go.defer call");
            return null;
        }
        int version = readVersion(bytes);
        if ((version & 0xFFFF) < Opcodes.V1_6) {
            throw new IllegalStateException("class file version " + (version & 0xFFFF)
                    + " (before Java 6) is not supported; recompile it with a current javac");
        }
        if (node == null) {
            node = node(reader);
        }
        Map<String, OpenCodedPlan> open = config.openCodes() ? OpenCodedPlanner.plan(node, plans, loader) : Map.of();
        Set<String> recordFrames = new LinkedHashSet<>();
        for (String m : plans.keySet()) {
            OpenCodedPlan p = open.get(m);
            if (p == null || !p.openCoded()) {
                recordFrames.add(m);
            }
        }
        Map<String, QuietExit> quiet = quietExits(node, recordFrames, loader);
        String off = config.trace() ? "trace mode needs the records" : "open-coding is off";
        for (String m : plans.keySet()) {
            OpenCodedPlan p = open.get(m);
            if (p != null && p.openCoded()) {
                listener.onOpenCoded(cls, m, p.sites(), p.exitSummary());
            } else {
                QuietExit q = quiet.get(m);
                listener.onKeptRecords(cls, m, p != null ? p.reason() : off, q != null, q == null ? 0 : q.inlinedSites(),
                        q == null ? 0 : q.guards().length);
            }
        }
        // An application with an older jdefer-runtime keeps the stack-walking recover.
        Set<String> direct = loader != null && !hasDirectRecover(loader) ? Set.of() : scan.recoverCallers();
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
                String key = name + descriptor;
                // The walk-free recover goes downstream of the frame rewrite: it sees the rewritten
                // method exactly as a second pass over the output would.
                if (direct.contains(key)) {
                    mv = new DirectRecoverVisitor(access, owner, name, descriptor, mv);
                }
                MethodPlan plan = plans.get(key);
                if (plan == null) {
                    return mv;
                }
                OpenCodedPlan oc = open.get(key);
                return oc != null && oc.openCoded() ? new OpenCodedMethodVisitor(plan, oc, version, mv)
                        : new FrameMethodVisitor(plan, quiet.get(key), version, mv);
            }
        }, ClassReader.EXPAND_FRAMES);
        byte[] out = writer.toByteArray();
        listener.onRewritten(cls);
        return out;
    }

    /** The record-tier frames with a quiet exit, as far as the application's runtime supports them. */
    private static Map<String, QuietExit> quietExits(ClassNode node, Set<String> recordFrames, ClassLoader loader) {
        if (recordFrames.isEmpty() || !RuntimeAbi.hasQuietExits(loader)) {
            return Map.of();
        }
        Map<String, QuietExit> quiet = OpenCodedPlanner.quietExits(node, recordFrames, loader);
        if (RuntimeAbi.hasInlinedExits(loader)) {
            return quiet;
        }
        Map<String, QuietExit> kept = new java.util.HashMap<>();
        quiet.forEach((k, q) -> kept.put(k, q.withoutInline()));
        return kept;
    }

    private void vet(String cls, ClassNode node) {
        List<io.jdefer.agent.vet.Vet.Finding> findings;
        try {
            findings = io.jdefer.agent.vet.Vet.analyzeAtLoad(node);
        } catch (RuntimeException e) {
            return;   // the rewrite reports a class it cannot read
        }
        for (io.jdefer.agent.vet.Vet.Finding f : findings) {
            listener.onVetFinding(cls, f);
        }
    }

    /** The planner's and vet's view of the class: code and debug information, no stack map frames. */
    private static ClassNode node(ClassReader reader) {
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        reader.accept(cn, ClassReader.SKIP_FRAMES);
        return cn;
    }

    /** The application has the runtime side of the walk-free recover. */
    private static boolean hasDirectRecover(ClassLoader loader) {
        return RuntimeAbi.declares(loader, RuntimeAbi.DIRECT_RECOVER, List.of());
    }

    private static int readVersion(byte[] bytes) {
        return ((bytes[4] & 0xFF) << 24) | ((bytes[5] & 0xFF) << 16) | ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    }

    /**
     * The frames of a class, by name + descriptor; none in a class already rewritten.
     *
     * @param reader the class
     * @param owner its internal name
     * @param warn receives one line per method that cannot be a frame
     * @return the frames
     */
    static Map<String, MethodPlan> plan(ClassReader reader, String owner, Consumer<String> warn) {
        return scan(reader, warn).frames();
    }

    /** The scan: which methods become frames, which call {@code Go.recover()}; warnings for those that cannot be frames. */
    private static Scan scan(ClassReader reader, Consumer<String> warn) {
        String owner = reader.getClassName();
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
                        } else if (DirectRecoverVisitor.isRecover(opcode, o, n, d)) {
                            f.callsRecover = true;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        if (rewritten[0]) {
            return new Scan(true, Map.of(), Set.of());
        }

        Map<String, MethodPlan> plans = new HashMap<>();
        Set<String> recoverCallers = new HashSet<>();
        String cls = owner.replace('/', '.');
        for (Facts f : all) {
            if (f.callsRecover) {
                recoverCallers.add(f.name + f.descriptor);
            }
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
        return new Scan(false, plans, recoverCallers);
    }
}
