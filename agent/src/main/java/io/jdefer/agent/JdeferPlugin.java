package io.jdefer.agent;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * The weaving plugin's implementation. Build files name {@code io.jdefer.weaver.JdeferPlugin} from
 * {@code jdefer-weaver}, which carries this class, relocated, with the rest of the rewrite.
 *
 * <p>It reads each class's bytes in {@link #onPreprocess} (the same byte scan and frame scan as the
 * agent) and matches only classes that hold a frame. {@link #apply} hands the class file to a
 * {@link ClassRewriter} configured for weaving ({@link RewriteConfig#WEAVING}) and feeds the
 * rewritten bytes back into Byte Buddy's writer, so both paths produce the same code. Byte Buddy
 * and its repackaged ASM come from the build plugin; this class is compiled for Java 17 because the
 * build plugin runs inside Maven's own JVM.
 *
 * @deprecated name {@code io.jdefer.weaver.JdeferPlugin} (artifact {@code jdefer-weaver}) instead:
 *     this one, loaded from the agent jar, fails with {@code NoClassDefFoundError:
 *     net/bytebuddy/build/Plugin$WithPreprocessor} in a Maven that itself runs with
 *     {@code -javaagent:jdefer-agent.jar}, because the plugin's class loader then finds it in the
 *     system class loader, which cannot see Byte Buddy.
 */
@Deprecated
public final class JdeferPlugin implements Plugin.WithPreprocessor {
    private final Set<String> framed = new HashSet<>();
    private final ClassRewriter rewriter;

    /** Created by the build plugin, or by {@code io.jdefer.weaver.JdeferPlugin}: warnings only. */
    public JdeferPlugin() {
        this(false);
    }

    /**
     * Created by the build plugin with a transformation argument.
     *
     * @param verbose also print each woven class and each frame method's decision, as the agent's
     *        {@code verbose=true} does
     */
    public JdeferPlugin(boolean verbose) {
        this.rewriter = new ClassRewriter(RewriteConfig.WEAVING, new Log(verbose));
    }

    @Override
    public void onPreprocess(TypeDescription typeDescription, ClassFileLocator classFileLocator) {
        if (RuntimeAbi.isIgnored(typeDescription.getInternalName())) {
            return;
        }
        try {
            byte[] bytes = classFileLocator.locate(typeDescription.getName()).resolve();
            if (ClassRewriter.holdsFrames(bytes)) {
                synchronized (framed) {
                    framed.add(typeDescription.getName());
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("class " + typeDescription.getName() + " not woven: cannot read its class file: " + e);
        }
    }

    @Override
    public boolean matches(TypeDescription target) {
        synchronized (framed) {
            return framed.contains(target.getName());
        }
    }

    @Override
    public DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription typeDescription,
            ClassFileLocator classFileLocator) {
        return builder.visit(new Rewrite(typeDescription.getName(), rewriter));
    }

    @Override
    public void close() {
        synchronized (framed) {
            framed.clear();
        }
    }

    /** Collects the class as Byte Buddy emits it, rewrites it, and replays the result downstream. */
    private static final class Rewrite extends AsmVisitorWrapper.AbstractBase {
        private final String name;
        private final ClassRewriter rewriter;

        Rewrite(String name, ClassRewriter rewriter) {
            this.name = name;
            this.rewriter = rewriter;
        }

        @Override
        public int mergeReader(int flags) {
            return flags | ClassReader.EXPAND_FRAMES;
        }

        @Override
        public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor downstream,
                Implementation.Context implementationContext, TypePool typePool,
                FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods, int writerFlags,
                int readerFlags) {
            ClassWriter collected = new ClassWriter(0);
            return new ClassVisitor(Opcodes.ASM9, collected) {
                @Override
                public void visitEnd() {
                    super.visitEnd();
                    byte[] original = collected.toByteArray();
                    byte[] rewritten;
                    try {
                        rewritten = rewriter.rewrite(original, null);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("jdefer could not weave " + name + ": " + e.getMessage(), e);
                    }
                    new ClassReader(rewritten != null ? rewritten : original).accept(downstream, 0);
                }
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rewrite r && r.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}
