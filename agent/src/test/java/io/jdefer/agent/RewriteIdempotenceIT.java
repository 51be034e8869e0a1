package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewriting is idempotent: a class the rewriter produced is marked and never rewritten again, so
 * the agent leaves a build-time woven class alone and weaving the same class files twice (an
 * incremental build without {@code clean}) changes nothing. Without the mark every pass nested
 * the frames once more: each frame method's {@code GoroutineState.current()} calls grew by one
 * per pass.
 */
class RewriteIdempotenceIT {
    private static final String NAME = "io.jdefer.it.IdempotenceFixture";
    private static final String FILE = "io/jdefer/it/IdempotenceFixture.class";

    private static byte[] original() throws IOException {
        try (InputStream in = RewriteIdempotenceIT.class.getClassLoader().getResourceAsStream(FILE)) {
            return in.readAllBytes();
        }
    }

    /** Calls into the runtime's per-thread state: one per frame entry as the rewrite emits it. */
    private static int stateCalls(byte[] bytes) {
        int[] n = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n2, String d, boolean itf) {
                        if (owner.equals("io/jdefer/internal/GoroutineState") && n2.equals("current")) {
                            n[0]++;
                        }
                    }
                };
            }
        }, 0);
        return n[0];
    }

    private static byte[] rewrite(byte[] bytes, boolean openCoded) {
        return new ClassRewriter(new RewriteConfig(openCoded, false, false), RewriteListener.NONE)
                .rewrite(bytes, RewriteIdempotenceIT.class.getClassLoader());
    }

    @Test
    void rewritingARewrittenClass_changesNothing() throws IOException {
        for (boolean openCoded : new boolean[] {false, true}) {
            byte[] once = rewrite(original(), openCoded);
            assertNotNull(once, "the fixture has frames");
            assertTrue(stateCalls(once) > 0, "the rewrite enters frames through GoroutineState.current()");
            assertNull(rewrite(once, openCoded), "a rewritten class is rewritten again (opencoded=" + openCoded + ")");
            assertTrue(ClassRewriter.plan(new ClassReader(once), "io/jdefer/it/IdempotenceFixture", line -> { }).isEmpty());
        }
    }

    @Test
    void weavingTwice_leavesTheClassFilesUnchanged(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve(FILE).getParent());
        Files.write(src.resolve(FILE), original());
        Path once = weave(src, tmp.resolve("once"));
        Path twice = weave(once, tmp.resolve("twice"));
        byte[] first = Files.readAllBytes(once.resolve(FILE));
        byte[] second = Files.readAllBytes(twice.resolve(FILE));
        assertTrue(stateCalls(first) > stateCalls(original()), "the first weaving rewrites the fixture");
        assertEquals(stateCalls(first), stateCalls(second), "GoroutineState.current() calls after weaving twice");
        assertArrayEquals(first, second, "weaving a woven class changes it");
    }

    @Test
    void theAgentLeavesAWovenClassAlone_andItBehavesOnce(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve(FILE).getParent());
        Files.write(src.resolve(FILE), original());
        byte[] woven = Files.readAllBytes(weave(src, tmp.resolve("woven")).resolve(FILE));
        ClassLoader app = RewriteIdempotenceIT.class.getClassLoader();
        assertNull(new DeferTransformer(new ClassRewriter(RewriteConfig.AGENT_DEFAULT, RewriteListener.NONE)).transform(app, FILE.replace(".class", ""), null, null, woven),
                "the agent's transformer rewrites a woven class");

        // Defined again under the attached agent: each deferred action still runs once.
        Class<?> c = new ClassLoader(app) {
            Class<?> define() {
                return defineClass(NAME, woven, 0, woven.length);
            }
        }.define();
        AtomicInteger ran = (AtomicInteger) c.getField("RAN").get(null);
        Method fortyTwo = c.getMethod("fortyTwo");
        assertEquals(42, fortyTwo.invoke(null));
        assertEquals(1, ran.get());
        c.getMethod("lambdaFrame").invoke(null);
        assertEquals(2, ran.get());
        assertNull(c.getMethod("recovers").invoke(c.getConstructor().newInstance()));
        assertEquals(3, ran.get());
    }

    /** JdeferPlugin over a folder of class files, as byte-buddy-maven-plugin runs it. */
    private static Path weave(Path in, Path out) throws IOException {
        Files.createDirectories(out);
        Plugin.Engine.Summary s = new Plugin.Engine.Default()
                .with(ClassFileLocator.ForClassLoader.of(RewriteIdempotenceIT.class.getClassLoader()))
                .withErrorHandlers(Plugin.Engine.ErrorHandler.Failing.FAIL_FAST)
                .apply(new Plugin.Engine.Source.ForFolder(in.toFile()), new Plugin.Engine.Target.ForFolder(out.toFile()),
                        new Plugin.Factory.Simple(new JdeferPlugin()));
        assertTrue(s.getFailed().isEmpty(), "weaving failed: " + s.getFailed());
        return out;
    }
}
