package io.jdefer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What can only be seen from outside a JVM: warnings, the self-check without the agent, option
 * errors, late attach (agentmain), and the agent jar itself.
 */
class ChildJvmIT {
    private static final String PKG = "io.jdefer.it.child.";

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void methodsThatCannotBeFrames_oneWarningLineEach_namingThemAndWhy() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar()), null, PKG + "WarningsMain");
        assertEquals(0, r.exit(), r.toString());
        String err = r.err();
        assertEquals(1, count(err, "constructor io.jdefer.it.child.WarningsMain$ConstructorDefers.<init>()V not rewritten"), r.toString());
        assertEquals(1, count(err, "@Defer method io.jdefer.it.child.WarningsMain$AbstractFrame.abstractFrame()V not rewritten: it is abstract"), r.toString());
        assertEquals(1, count(err, "@Recover method io.jdefer.it.child.WarningsMain$InterfaceFrame.interfaceFrame()I not rewritten: it is abstract"), r.toString());
        assertEquals(1, count(err, "@Defer method io.jdefer.it.child.WarningsMain$NativeFrame.nativeFrame()V not rewritten: a native method"), r.toString());
        assertEquals(4, count(err, "[jdefer] WARNING:"), r.toString());
        assertTrue(r.out().contains("constructor: IllegalStateException"), r.toString());
    }

    @Test
    void vetWarn_printsVetsFindings_oncePerSite_asClassesLoad() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=vet=warn"), null, PKG + "WarningsMain");
        assertEquals(0, r.exit(), r.toString());
        String err = r.err();
        assertTrue(count(err, "[jdefer] WARNING: vet: io/jdefer/it/child/WarningsMain.java:") >= 2, r.toString());
        assertEquals(1, count(err, "@Defer on abstract method WarningsMain$AbstractFrame.abstractFrame has no effect"), r.toString());
        assertEquals(1, count(err, "@Defer on native method WarningsMain$NativeFrame.nativeFrame has no effect"), r.toString());
        assertEquals(4, count(err, "not rewritten"), "the rewrite's own warnings stay: " + r);
    }

    @Test
    void selfCheck_aDeferMethodWithoutTheAgent_failsOnItsFirstGoDefer_namingItAndTheFix() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), null, PKG + "SelfCheckMain");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("self-check: "), r.toString());
        assertTrue(out.contains("io.jdefer.it.child.SelfCheckMain.needsTheAgent"), out);
        assertTrue(out.contains("-javaagent"), out);
        assertTrue(out.contains("@Defer"), out);
    }

    @Test
    void withTheAgent_theSameMethodWorks() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar()), null, PKG + "SelfCheckMain");
        assertEquals(List.of("result 42"), lines(r.out()), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void verbose_onlyClassesWithFrames_areRewritten_summaryAtExit() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=verbose=true"), null,
                PKG + "SelfCheckMain");
        assertEquals(List.of("result 42"), lines(r.out()), r.toString());
        List<String> rewrote = lines(r.err()).stream().filter(l -> l.startsWith("[jdefer] rewrote ")).toList();
        assertEquals(List.of("[jdefer] rewrote io.jdefer.it.child.SelfCheckMain"), rewrote, r.toString());
        assertTrue(r.err().contains("1 rewritten, 0 failed to transform"), r.toString());
    }

    @Test
    void underTrace_aFrameThatRunsItsOwnRecords_leavesThemToTheRuntime_whichTracesThem() throws Exception {
        for (String opencoded : List.of("true", "false")) {
            ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=opencoded=" + opencoded,
                    "-Djdefer.trace=true"), null, PKG + "InlinedTraceMain");
            assertEquals(List.of("quiet 1", "quiet 0", "returned 2"), lines(r.out()), r.toString());
            assertTrue(r.err().contains("run deferred #2"), r.toString());
            assertTrue(r.err().contains("run deferred #1"), r.toString());
        }
    }

    @Test
    void verbose_countsOpenCodedFramesAndRecordFrames_atExit() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=verbose=true"), null,
                PKG + "OpenCodingSummaryMain");
        assertEquals(List.of("locked 1", "plain deferred", "loop deferred", "loop deferred"), lines(r.out()), r.toString());
        assertTrue(r.err().contains("open-coded io.jdefer.it.child.OpenCodingSummaryMain.underLock()I (1 defer site(s); publishes"
                + " the result slot only for an argument not exactly its JDK class)"),
                r.toString());
        assertTrue(r.err().contains("failed to transform; frame methods: 2 open-coded, 1 kept records"
                + " (1 of them with a quiet exit, 1 inlined)"), r.toString());
        assertTrue(r.err().contains("OpenCodingSummaryMain.inALoop()V keeps records: Go.defer in a loop"), r.toString());
        assertTrue(r.err().contains("; its normal exit leaves the result slot alone (no action uses it) and calls the"
                + " actions of 1 of its 1 call site(s) itself"), r.toString());
        ChildJvm.Result off = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=verbose=true,opencoded=false"),
                null, PKG + "OpenCodingSummaryMain");
        assertTrue(off.err().contains("failed to transform; frame methods: 0 open-coded, 3 kept records"
                + " (3 of them with a quiet exit, 3 inlined)"), off.toString());
    }

    @Test
    void jacocoAttachedAfterJdefer_instrumentsTheRewrittenClass() throws Exception {
        String jacoco = System.getProperty("jdefer.jacoco.jar");
        assertNotNull(jacoco, "-Djdefer.jacoco.jar (set by the pom)");
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=verbose=true",
                "-javaagent:" + jacoco + "=output=none"), null, PKG + "SelfCheckMain");
        assertEquals(List.of("result 42"), lines(r.out()), r.toString());
        assertTrue(r.err().contains("1 rewritten, 0 failed to transform"), r.toString());
    }

    @Test
    void unknownOptionOrBadValue_printsTheValidOnes_andInstallsNothing() throws Exception {
        for (String bad : List.of("bogus=1", "records=heap", "records", "verbose=maybe")) {
            ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=" + bad), null,
                    PKG + "SelfCheckMain");
            assertTrue(r.err().contains("[jdefer] WARNING: agent not installed"), r.toString());
            assertTrue(r.err().contains("records=pooled|allocated"), r.toString());
            assertTrue(r.out().startsWith("self-check: "), "nothing installed: " + r);
        }
    }

    @Test
    void helpOption_printsTheOptions_andInstallsNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=help"), null,
                PKG + "SelfCheckMain");
        assertTrue(r.err().contains("records=pooled|allocated"), r.toString());
        assertTrue(r.out().startsWith("self-check: "), r.toString());
    }

    @Test
    void recordsOption_setsTheTier_unlessGivenAsSystemProperty() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar() + "=records=allocated"), null, PKG + "PrintTier");
        assertEquals(List.of("allocated"), lines(r.out()), r.toString());
        r = ChildJvm.run(List.of("-Djdefer.records=pooled", "-javaagent:" + ChildJvm.agentJar() + "=records=allocated"),
                null, PKG + "PrintTier");
        assertEquals(List.of("pooled"), lines(r.out()), r.toString());
        assertTrue(r.err().contains("ignored"), r.toString());
    }

    @Test
    void lateAttach_agentmainRewritesClassesLoadedBefore() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading"),
                null, PKG + "LateAttachMain", ChildJvm.agentJar(), "verbose=true");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("before attach: not rewritten", "after attach: 42", "lambda deferred",
                "lambda after attach: 1"), lines(r.out()), r.toString());
        assertTrue(r.err().contains("[jdefer] late attach: retransformed"), r.toString());
        assertFalse(r.err().contains("WARNING"), r.toString());
    }

    @Test
    void classThatFailsToTransform_isLeftUntouched_withOneWarningLine(@TempDir Path dir) throws Exception {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "OldFrame", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        mv.visitAnnotation("Lio/jdefer/annotation/Defer;", true).visitEnd();
        mv.visitCode();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jdefer/Go", "defer", "(Lio/jdefer/Action;)V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        Files.write(dir.resolve("OldFrame.class"), cw.toByteArray());
        ChildJvm.Result r = ChildJvm.run(List.of("-javaagent:" + ChildJvm.agentJar()), dir.toString(),
                PKG + "OldClassMain");
        assertEquals(1, count(r.err(), "[jdefer] WARNING: class OldFrame left untouched: "), r.toString());
        assertTrue(r.err().contains("version 49"), r.toString());
        assertEquals(List.of("old: IllegalStateException"), lines(r.out()), r.toString());
    }

    @Test
    void mainClass_printsUsage() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-jar", ChildJvm.agentJar()), null, null);
        assertTrue(r.out().contains("-javaagent:jdefer-agent.jar"), r.toString());
        assertTrue(r.out().contains("records=pooled|allocated"), r.toString());
    }

    @Test
    void agentJar_hasTheManifest_shadedAsm_andNoRuntimeClasses() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.jdefer.agent.JdeferAgent", a.getValue("Premain-Class"));
            assertEquals("io.jdefer.agent.JdeferAgent", a.getValue("Agent-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
            assertEquals("true", a.getValue("Multi-Release"));
            assertEquals("io.jdefer.agent.Main", a.getValue("Main-Class"));
            assertNotNull(jar.getEntry("io/jdefer/agent/shaded/asm/ClassReader.class"));
            assertNotNull(jar.getEntry("io/jdefer/agent/shaded/asm/commons/LocalVariablesSorter.class"));
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                assertFalse(n.endsWith(".class") && !n.startsWith("io/jdefer/agent/"), "unexpected class " + n);
                assertFalse(n.startsWith("META-INF/versions/") && n.endsWith(".class"), "unrelocated " + n);
            }
        }
    }
}
