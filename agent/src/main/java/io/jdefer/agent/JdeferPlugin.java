package io.jdefer.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        return builder.visit(new Rewrite(typeDescription.getName(), rewriter, loaderFor(classFileLocator)));
    }

    private ClassFileLocator lastLocator;
    private ClassLoader lastLoader;

    /** One reading loader per locator (a build passes the same one for every class). */
    private synchronized ClassLoader loaderFor(ClassFileLocator locator) {
        if (locator != lastLocator) {
            lastLocator = locator;
            lastLoader = new LocatorLoader(locator);
        }
        return lastLoader;
    }

    /**
     * The build's class files (the project's and its dependencies') as the rewrite reads them: the
     * bodies of method references into other classes and the runtime's members, as the agent reads
     * them through the defining loader. It defines no class; a class it cannot find reads as absent.
     */
    static final class LocatorLoader extends ClassLoader {
        private final ClassFileLocator locator;

        LocatorLoader(ClassFileLocator locator) {
            super(null);
            this.locator = locator;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (!name.endsWith(".class")) {
                return null;
            }
            try {
                ClassFileLocator.Resolution r = locator.locate(name.substring(0, name.length() - 6).replace('/', '.'));
                return r.isResolved() ? new ByteArrayInputStream(r.resolve()) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
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
        private final ClassLoader reader;

        Rewrite(String name, ClassRewriter rewriter, ClassLoader reader) {
            this.name = name;
            this.rewriter = rewriter;
            this.reader = reader;
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
                        rewritten = rewriter.rewrite(original, reader);
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
