package io.jdefer.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every numbered sample's {@code main} in a child JVM with the real agent jar, exactly as
 * its "HOW TO RUN THIS SAMPLE" block does, and compares stdout with the sample's
 * {@code EXPECTED OUTPUT} block: the prose cannot drift from what the code does.
 */
class SamplesTest {
    static final Path SOURCES = Path.of("src/main/java/io/jdefer/samples");

    static Stream<String> samples() {
        return Arrays.stream(Main.SAMPLES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sample_printsItsExpectedOutput_underTheAgent(String name) throws Exception {
        List<String> expected = expectedOutput(name);
        Run run = runInChildJvm(null, "io.jdefer.samples." + name);
        assertEquals(0, run.exit, () -> name + " exited with " + run.exit + "; stderr:\n" + run.stderr);
        assertEquals(String.join("\n", expected), String.join("\n", run.stdout),
                () -> name + ": stdout differs from its EXPECTED OUTPUT block; stderr:\n" + run.stderr);
    }

    /**
     * Every defer-record tier passes the same semantics. One child JVM per tier runs
     * all samples ({@code Main samples}) and must print every sample's expected output.
     */
    @ParameterizedTest(name = "agent options {0}")
    @ValueSource(strings = {"records=allocated,opencoded=false", "opencoded=false"})
    void allSamples_printTheirExpectedOutput_inEveryRecordTier(String agentOptions) throws Exception {
        List<String> expected = new ArrayList<>();
        for (String name : Main.SAMPLES) {
            expected.add("=== " + name);
            expected.addAll(expectedOutput(name));
        }
        Run run = runInChildJvm(agentOptions, "io.jdefer.samples.Main", "samples");
        assertEquals(0, run.exit, () -> "exit " + run.exit + "; stderr:\n" + run.stderr);
        assertEquals(String.join("\n", expected), String.join("\n", run.stdout),
                () -> "with -javaagent:...=" + agentOptions + "; stderr:\n" + run.stderr);
    }

    /**
     * jdefer's vet over the compiled samples flags exactly the mistakes the samples make on
     * purpose: the defer-in-a-loop of Sample 10 ({@code wrong}) and of the bank's
     * {@code batchDeferInLoop}, Sample 02's deliberate Tour-of-Go loop, and Sample 04's
     * {@code recover()} in {@code main} (shown to return null). Nothing else.
     */
    @Test
    void vet_flagsExactlyTheDeliberateMistakes() throws Exception {
        String agent = System.getProperty("jdefer.agent.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", agent, "vet", "target/classes").redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> found = lines.stream()
                .map(l -> l.replaceFirst("^(\\S+\\.java):\\d+: (Go\\.\\w+\\(?\\)?)\\s.*$", "$1 $2"))
                .sorted().toList();
        assertEquals(List.of(
                "io/jdefer/samples/Sample02LifoOrder.java Go.defer",
                "io/jdefer/samples/Sample04RecoverReturnsValue.java Go.recover()",
                "io/jdefer/samples/Sample10DeferInLoopPitfall.java Go.defer",
                "io/jdefer/samples/bank/DeferBank.java Go.defer",
                "io/jdefer/samples/bank/DeferBank.java Go.defer",
                "io/jdefer/samples/bank/DeferBank.java Go.defer"), found, String.join("\n", lines));
        assertEquals(1, p.exitValue(), "vet exits 1 when it reports something");
    }

    @Test
    void everySampleFile_isListed_andDocumentsHowToRun() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(f -> f.matches("Sample\\d\\d\\w+\\.java"))
                    .map(f -> f.substring(0, f.length() - ".java".length()))
                    .sorted().toList();
        }
        assertEquals(files, List.of(Main.SAMPLES), "Main.SAMPLES must list every SampleNN file, in order");
        for (String name : files) {
            String src = Files.readString(SOURCES.resolve(name + ".java"));
            assertTrue(src.contains("HOW TO RUN THIS SAMPLE"), name + " has no HOW TO RUN THIS SAMPLE block");
            assertTrue(src.contains("-Prun -Drun=" + name), name + ": the run command must name the sample");
            assertTrue(src.contains("<pre>{@code"), name + " shows no Go code");
        }
    }

    /** The lines between {@code /* EXPECTED OUTPUT} and the closing {@code *}{@code /}. */
    static List<String> expectedOutput(String name) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(name + ".java"));
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (!in && l.strip().equals("/* EXPECTED OUTPUT")) {
                in = true;
            } else if (in && l.strip().equals("*/")) {
                return out;
            } else if (in) {
                out.add(l.stripTrailing());
            }
        }
        throw new AssertionError(name + " has no complete /* EXPECTED OUTPUT ... */ block");
    }

    record Run(int exit, List<String> stdout, String stderr) {
    }

    /** {@code java -javaagent:<agent jar>[=options] -cp <test class path> mainClass args}, on the JDK running this test. */
    static Run runInChildJvm(String agentOptions, String mainClass, String... args) throws IOException, InterruptedException {
        String agent = System.getProperty("jdefer.agent.jar");
        assertTrue(agent != null && new File(agent).isFile(),
                "jdefer.agent.jar must point at the built agent jar (run `mvn verify`, not `mvn test`): " + agent);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-javaagent:" + agent + (agentOptions == null ? "" : "=" + agentOptions),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path err = Files.createTempFile("sample", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish within 60 s");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        String stdout = new String(out, StandardCharsets.UTF_8);
        List<String> lines = stdout.isEmpty() ? List.of() : Arrays.stream(stdout.split("\\R", -1)).map(String::stripTrailing).toList();
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return new Run(p.exitValue(), lines, stderr);
    }
}
