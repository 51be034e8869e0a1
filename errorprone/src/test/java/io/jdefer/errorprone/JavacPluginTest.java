package io.jdefer.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.agent.vet.Vet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkers as a build meets them: javac run with {@code -Xplugin:ErrorProne} and a processor
 * path holding error_prone_core and this module's classes, which Error Prone finds through
 * META-INF/services; then vet over the class files of the same sources, which must report the
 * same findings.
 */
class JavacPluginTest {
    private static final Set<String> CHECKS = Set.of("DeferInLoop", "RecoverNotInDeferredAction",
            "DeferWithoutAnnotation", "DeferAnnotationWithoutEffect", "RecoverWithoutSetResult");

    @TempDir
    Path out;

    private record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, String log) {
        /** {@code Check: message} of each diagnostic a jdefer check reported. */
        Set<String> findings() {
            Set<String> s = new TreeSet<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                String m = d.getMessage(Locale.ROOT);
                int close = m.indexOf("] ");
                if (m.startsWith("[") && close > 0 && CHECKS.contains(m.substring(1, close))) {
                    s.add(m.substring(1, close) + ": " + m.substring(close + 2).lines().findFirst().orElse(""));
                }
            }
            return s;
        }
    }

    private Result compile(String source, String... errorProneFlags) throws IOException, URISyntaxException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Path src = Paths.get(JavacPluginTest.class.getResource("/fixture/io/example/" + source).toURI());
        String classpath = System.getProperty("java.class.path");
        List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath", classpath,
                "-processorpath", classpath, "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
                "-Xplugin:ErrorProne " + String.join(" ", errorProneFlags)));
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(log, files, diags, options, null, files.getJavaFileObjects(src)).call();
            return new Result(ok, diags.getDiagnostics(), log.toString());
        }
    }

    @Test
    void aViolationOfAnErrorRuleFailsTheCompile() throws Exception {
        Result r = compile("Service.java");
        assertFalse(r.success(), "javac should have failed: " + r.diagnostics());
        Set<String> errors = r.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT)).map(m -> m.substring(0, m.indexOf(']') + 1)).collect(Collectors.toSet());
        assertEquals(Set.of("[RecoverNotInDeferredAction]", "[DeferAnnotationWithoutEffect]"), errors,
                r.diagnostics().toString());
        assertFalse(Files.exists(out.resolve("io/example/Service.class")), "no class file after an error");
    }

    @Test
    void cleanSourcesCompileWithNoFinding() throws Exception {
        Result r = compile("Clean.java");
        assertTrue(r.success(), r.diagnostics() + r.log());
        assertEquals(Set.of(), r.findings());
        assertTrue(Files.exists(out.resolve("io/example/Clean.class")));
    }

    @Test
    void theCheckersAndVetReportTheSameFindings() throws Exception {
        // both error rules turned into warnings, so that javac writes the class files vet reads
        Result r = compile("Service.java", "-Xep:RecoverNotInDeferredAction:WARN",
                "-Xep:DeferAnnotationWithoutEffect:WARN");
        assertTrue(r.success(), r.diagnostics() + r.log());

        ByteArrayOutputStream vetOut = new ByteArrayOutputStream();
        int status = Vet.run(new String[] {out.toString()}, new PrintStream(vetOut, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, status, vetOut.toString(StandardCharsets.UTF_8));
        Set<String> vetMessages = new TreeSet<>();
        Set<String> vetCallSites = new TreeSet<>();
        for (String line : vetOut.toString(StandardCharsets.UTF_8).lines().toList()) {
            // io/example/Service.java:LINE: message
            String[] parts = line.split(": ", 2);
            vetMessages.add(parts[1]);
            if (parts[1].startsWith("Go.")) {
                vetCallSites.add(parts[0].substring(parts[0].lastIndexOf(':') + 1) + ": " + parts[1]);
            }
        }

        Set<String> epMessages = new TreeSet<>();
        Set<String> epCallSites = new TreeSet<>();
        for (String f : r.findings()) {
            epMessages.add(f.substring(f.indexOf(": ") + 2));
        }
        for (Diagnostic<? extends JavaFileObject> d : r.diagnostics()) {
            String m = d.getMessage(Locale.ROOT);
            String msg = m.substring(m.indexOf("] ") + 2).lines().findFirst().orElse("");
            if (msg.startsWith("Go.")) {
                epCallSites.add(d.getLineNumber() + ": " + msg);
            }
        }
        assertEquals(8, vetMessages.size(), String.join("\n", vetMessages));
        assertEquals(vetMessages, epMessages);
        // a finding about a call is reported on the call's line by both
        assertEquals(vetCallSites, epCallSites);
        assertEquals(CHECKS, r.findings().stream().map(f -> f.substring(0, f.indexOf(':'))).collect(Collectors.toSet()),
                "every check has a case in the fixture");
    }
}
