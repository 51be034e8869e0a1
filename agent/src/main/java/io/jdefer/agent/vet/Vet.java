package io.jdefer.agent.vet;

import io.jdefer.agent.ControlFlow;
import io.jdefer.agent.RuntimeAbi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code java -jar jdefer-agent.jar vet <classes dir | jar | .class>...}: jdefer's {@code go vet}.
 * Reads bytecode (never loads or runs it) and reports, as {@code path/File.java:LINE: message}:
 * <ul>
 *   <li>{@code Go.defer} inside a loop (on a cycle of the control-flow graph, {@link ControlFlow}, as the
 *       open-coding planner decides it): each iteration keeps a record
 *       until the method exits;</li>
 *   <li>{@code Go.recover()} in a method that is not a deferred action, where it can only return
 *       null;</li>
 *   <li>{@code Go.defer} in a named method without {@code @Defer}: the agent frames it implicitly,
 *       an annotation tells readers;</li>
 *   <li>{@code @Defer}/{@code @Recover} on a constructor, abstract or native method, which the agent
 *       cannot rewrite;</li>
 *   <li>{@code @Recover} on a method returning a reference that never calls {@code Go.setResult}:
 *       after a recovered panic it returns null.</li>
 * </ul>
 * Exit status 1 when it reports anything (including unreadable input), 0 otherwise, 2 for usage
 * errors. Unreadable class files and jars give one line each, never a stack trace.
 */
public final class Vet {
    static final String GO = RuntimeAbi.GO;
    static final String DEFER_DESC = RuntimeAbi.DEFER_DESC;
    static final String RECOVER_DESC = RuntimeAbi.RECOVER_DESC;
    static final Set<String> ACTION_TYPES = Set.of(RuntimeAbi.ACTION, RuntimeAbi.ACTION_WITH);
    private static final long MAX_CLASS_BYTES = 64L << 20;

    private final List<String> lines = new ArrayList<>();
    /** Classes read so far, analysed together so a method reference in one class counts for another. */
    private final List<ReadClass> classes = new ArrayList<>();

    /** A class file read by the command, and where it came from (for error lines). */
    private record ReadClass(ClassNode node, String where) {
    }

    private Vet() {
    }

    /**
     * One report line, sortable by file then line.
     *
     * @param file the source file, as a path under its package ({@code io/example/Batch.java})
     * @param line the line in that file, 0 when the class has no line numbers
     * @param message what is wrong and how to fix it
     */
    public record Finding(String file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + (line > 0 ? line : 0) + ": " + message;
        }
    }

    /**
     * Command-line entry.
     *
     * @param args paths to class directories, jars or class files
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs vet over {@code args}, printing findings to {@code out} and usage errors to {@code err}.
     *
     * @param args paths
     * @param out where findings go
     * @param err where usage goes
     * @return the exit status: 0 clean, 1 findings, 2 usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            err.println("usage: java -jar jdefer-agent.jar vet <classes dir | jar | .class file>...");
            err.println("reports Go.defer in loops, Go.recover() outside deferred actions, Go.defer in methods"
                    + " without @Defer, @Defer/@Recover where they cannot work, and @Recover methods that return"
                    + " null after recovering; exit status 1 if it reports anything");
            return args.length == 0 ? 2 : 0;
        }
        Vet vet = new Vet();
        for (String a : args) {
            vet.scan(Paths.get(a));
        }
        List<Finding> findings = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (ReadClass c : vet.classes) {
            targets.addAll(deferredActionMethods(c.node()));
        }
        for (ReadClass c : vet.classes) {
            try {
                findings.addAll(analyze(c.node(), targets, false));
            } catch (RuntimeException e) {
                vet.lines.add(c.where() + ": not a valid class file: " + reason(e));
            }
        }
        findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
                .thenComparing(Finding::message));
        Set<String> printed = new LinkedHashSet<>(vet.lines);
        for (Finding f : findings) {
            printed.add(f.toString());
        }
        printed.forEach(out::println);
        return printed.isEmpty() ? 0 : 1;
    }

    private void scan(Path p) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f)).sorted()
                        .forEach(this::scanClassFile);
            } catch (IOException | RuntimeException e) {
                lines.add(p + ": cannot read directory: " + reason(e));
            }
        } else if (p.toString().endsWith(".jar") || p.toString().endsWith(".zip")) {
            scanJar(p);
        } else if (p.toString().endsWith(".class")) {
            scanClassFile(p);
        } else if (!Files.exists(p)) {
            lines.add(p + ": no such file or directory");
        } else {
            lines.add(p + ": not a classes directory, jar or .class file");
        }
    }

    private void scanClassFile(Path f) {
        try {
            if (Files.size(f) > MAX_CLASS_BYTES) {
                lines.add(f + ": not a class file: larger than 64 MiB");
                return;
            }
            read(Files.readAllBytes(f), f.toString());
        } catch (IOException e) {
            lines.add(f + ": cannot read: " + reason(e));
        }
    }

    private void scanJar(Path jar) {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            boolean any = false;
            while ((e = zip.getNextEntry()) != null) {
                any = true;
                if (e.isDirectory() || !e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")
                        || e.getName().endsWith("module-info.class")) {
                    continue;
                }
                byte[] bytes = readBounded(zip);
                if (bytes == null) {
                    lines.add(jar + "!/" + e.getName() + ": not a class file: larger than 64 MiB");
                    continue;
                }
                read(bytes, jar + "!/" + e.getName());
            }
            if (!any) {
                lines.add(jar + ": not a jar: no entries (empty, truncated or not a zip file)");
            }
        } catch (IOException | RuntimeException e) {
            lines.add(jar + ": cannot read jar: " + reason(e));
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_CLASS_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** Reads a class for the analysis after all are read (method references cross classes). */
    private void read(byte[] bytes, String where) {
        try {
            ClassNode cn = new ClassNode();
            new ClassReader(bytes).accept(cn, 0);
            classes.add(new ReadClass(cn, where));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // ASM reports malformed input with whatever exception it meets; one line each.
            lines.add(where + ": not a valid class file: " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? type : type + ": " + m.replace('\n', ' ');
    }

    /**
     * Findings for one class file.
     *
     * @param classFile the bytes of a class file
     * @return the findings, in no particular order
     * @throws RuntimeException if the bytes are not a valid class file
     */
    public static List<Finding> analyze(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, 0);
        return analyze(cn, deferredActionMethods(cn), false);
    }

    /**
     * Findings for one class seen alone, as the agent sees classes while they load (option
     * {@code vet=warn}). A method reference in another class may make any non-private method a
     * deferred action, so the recover rule is applied only to lambdas and private methods here.
     *
     * @param classFile the bytes of a class file
     * @return the findings
     * @throws RuntimeException if the bytes are not a valid class file
     */
    public static List<Finding> analyzeAtLoad(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, 0);
        return analyzeAtLoad(cn);
    }

    /**
     * {@link #analyzeAtLoad(byte[])} for a class the agent has read already (stack map frames may
     * be skipped; vet does not read them).
     *
     * @param cn the class, with its code and debug information
     * @return the findings
     * @throws RuntimeException if the class's code cannot be analysed
     */
    public static List<Finding> analyzeAtLoad(ClassNode cn) {
        return analyze(cn, deferredActionMethods(cn), true);
    }

    /**
     * Findings for one class, given the deferred-action methods known across all classes read.
     *
     * @param cn the class
     * @param deferredTargets {@code owner.name+desc} of methods used as Action/ActionWith
     * @param oneClassOnly only this class was read: apply the recover rule to private methods and
     *        lambdas alone, since a method reference elsewhere may defer any other method
     * @return the findings
     */
    static List<Finding> analyze(ClassNode cn, Set<String> deferredTargets, boolean oneClassOnly) {
        String file = sourcePath(cn);
        boolean isAction = implementsAction(cn);
        List<Finding> out = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            boolean annotated = has(m, DEFER_DESC) || has(m, RECOVER_DESC);
            String ann = has(m, RECOVER_DESC) ? "@Recover" : "@Defer";
            int firstLine = firstLine(m);
            if (annotated) {
                if (m.name.equals("<init>")) {
                    out.add(new Finding(file, firstLine, ann + " on a constructor of " + simple(cn)
                            + " has no effect: a constructor cannot return normally after a panic; move the"
                            + " work into a @Defer method"));
                } else if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
                    out.add(new Finding(file, firstLine, ann + " on abstract method " + simple(cn) + "." + m.name
                            + " has no effect: annotate the implementing methods"));
                } else if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                    out.add(new Finding(file, firstLine, ann + " on native method " + simple(cn) + "." + m.name
                            + " has no effect: it has no bytecode to rewrite"));
                }
            }
            if (m.instructions == null || m.instructions.size() == 0) {
                continue;
            }
            if (has(m, RECOVER_DESC) && !m.name.equals("<init>") && returnsReference(m) && !setsResult(cn, m)) {
                out.add(new Finding(file, firstLine, "@Recover method " + describe(cn, m) + " returns "
                        + Type.getReturnType(m.desc).getClassName() + " but never calls Go.setResult: after it"
                        + " recovers a panic its caller gets null (Go's zero value), which a web framework"
                        + " answers as an empty success; recover in a deferred action with"
                        + " Go.recoverThrowable(), log it and Go.setResult(...) an error result"));
            }
            boolean lambda = (m.access & Opcodes.ACC_SYNTHETIC) != 0 && m.name.startsWith("lambda$");
            boolean deferredAction = deferredTargets.contains(cn.name + "." + m.name + m.desc)
                    || deferredTargets.contains("*." + m.name + m.desc)
                    || isAction && (m.name.equals("run") || m.name.equals("accept"));
            ControlFlow cfg = null;
            boolean reportedUnannotated = false;
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (!(insn instanceof MethodInsnNode call) || !call.owner.equals(GO)) {
                    continue;
                }
                int line = lineOf(insn);
                if (RuntimeAbi.isDefer(call.getOpcode(), call.owner, call.name, call.desc)) {
                    cfg = cfg != null ? cfg : ControlFlow.of(m);
                    if (cfg.onCycle(m.instructions.indexOf(insn))) {
                        out.add(new Finding(file, line, "Go.defer inside a loop: every iteration keeps a"
                                + " deferred action until " + describe(cn, m) + " returns; move the loop body"
                                + " into its own @Defer method or lambda frame so each iteration's cleanup"
                                + " runs at the end of the iteration"));
                    }
                    if (!annotated && !lambda && !deferredAction && !reportedUnannotated
                            && !m.name.equals("<clinit>") && !m.name.equals("<init>")) {
                        reportedUnannotated = true;
                        out.add(new Finding(file, line, "Go.defer in " + describe(cn, m) + ", which is not"
                                + " annotated @Defer: the agent makes it a frame anyway; annotate it so readers"
                                + " see where its deferred actions run"));
                    }
                } else if (RuntimeAbi.isRecover(call.getOpcode(), call.owner, call.name, call.desc) && !deferredAction
                        && (!oneClassOnly || lambda || (m.access & Opcodes.ACC_PRIVATE) != 0)) {
                    out.add(new Finding(file, line, "Go.recover() in " + describe(cn, m) + " always returns"
                            + " null: it is not a deferred action, and recover stops a panic only when called"
                            + " directly by one (Go.defer(() -> { ... recover() ... }))"));
                }
            }
        }
        return out;
    }

    private static boolean returnsReference(MethodNode m) {
        int sort = Type.getReturnType(m.desc).getSort();
        return sort == Type.OBJECT || sort == Type.ARRAY;
    }

    /**
     * Whether {@code m}, or a lambda of this class that it creates (directly or through other
     * lambdas), calls {@code Go.setResult} or passes {@code Go::setResult}. A primitive result's
     * zero value (0, false) is usually the answer meant, so only reference results are checked.
     */
    private static boolean setsResult(ClassNode cn, MethodNode m) {
        java.util.Deque<MethodNode> todo = new java.util.ArrayDeque<>(List.of(m));
        Set<MethodNode> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            MethodNode cur = todo.pop();
            if (!seen.add(cur) || cur.instructions == null) {
                continue;
            }
            for (AbstractInsnNode insn = cur.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode call && call.owner.equals(GO) && call.name.equals("setResult")) {
                    return true;
                }
                if (insn instanceof InvokeDynamicInsnNode indy) {
                    for (Object a : indy.bsmArgs) {
                        if (a instanceof Handle h) {
                            if (h.getOwner().equals(GO) && h.getName().equals("setResult")) {
                                return true;
                            }
                            if (h.getOwner().equals(cn.name)) {
                                for (MethodNode other : cn.methods) {
                                    if (other.name.equals(h.getName()) && other.desc.equals(h.getDesc())) {
                                        todo.push(other);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Methods ({@code owner.name+desc}) that this class uses as Action/ActionWith by a lambda or method reference. */
    private static Set<String> deferredActionMethods(ClassNode cn) {
        Set<String> out = new HashSet<>();
        for (MethodNode m : cn.methods) {
            if (m.instructions == null) {
                continue;
            }
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode indy
                        && indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                        && ACTION_TYPES.contains(Type.getReturnType(indy.desc).getInternalName())
                        && indy.bsmArgs.length > 1 && indy.bsmArgs[1] instanceof Handle h) {
                    // A virtual method reference (i::m) may dispatch to any override: match by name.
                    boolean virtual = h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE;
                    out.add((virtual ? "*" : h.getOwner()) + "." + h.getName() + h.getDesc());
                }
            }
        }
        return out;
    }

    private static boolean implementsAction(ClassNode cn) {
        for (String i : cn.interfaces) {
            if (ACTION_TYPES.contains(i)) {
                return true;
            }
        }
        return false;
    }

    /** (jump index, target index) for every jump to an earlier or same instruction. */
    private static boolean has(MethodNode m, String desc) {
        for (List<AnnotationNode> list : java.util.Arrays.asList(m.visibleAnnotations, m.invisibleAnnotations)) {
            if (list != null) {
                for (AnnotationNode a : list) {
                    if (a.desc.equals(desc)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }

    private static int firstLine(MethodNode m) {
        if (m.instructions != null) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (i instanceof LineNumberNode ln) {
                    return ln.line;
                }
            }
        }
        return 0;
    }

    private static String sourcePath(ClassNode cn) {
        int slash = cn.name.lastIndexOf('/');
        String pkg = slash >= 0 ? cn.name.substring(0, slash + 1) : "";
        String src = cn.sourceFile != null ? cn.sourceFile
                : cn.name.substring(slash + 1).replaceFirst("\\$.*", "") + ".java";
        return pkg + src;
    }

    private static String simple(ClassNode cn) {
        return cn.name.substring(cn.name.lastIndexOf('/') + 1);
    }

    private static String describe(ClassNode cn, MethodNode m) {
        if (m.name.startsWith("lambda$")) {
            String[] parts = m.name.split("\\$");
            return "a lambda in " + simple(cn) + "." + (parts.length > 1 ? parts[1] : "?");
        }
        if (m.name.equals("<clinit>")) {
            return "the static initializer of " + simple(cn);
        }
        return simple(cn) + "." + m.name;
    }
}
