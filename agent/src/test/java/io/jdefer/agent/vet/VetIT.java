package io.jdefer.agent.vet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vet (docs/architecture.md, "vet"): exact findings on fixtures, clean inputs, and a seeded fuzz of
 * the class reader path.
 */
class VetIT {
    private static final Path FIXTURE_SOURCE =
            Paths.get("src/test/java/io/jdefer/agent/vet/fixtures/VetFixtures.java");
    private static final Pattern WANT = Pattern.compile("// want \"(.*)\"");

    static final class Run {
        final int status;
        final List<String> lines;

        Run(int status, String out) {
            this.status = status;
            this.lines = out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run vet(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Vet.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    static Path testClasses() throws Exception {
        return Paths.get(VetIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void fixtures_whenVetted_reportExactlyTheWantedLines() throws Exception {
        Path fixtures = testClasses().resolve("io/jdefer/agent/vet/fixtures");
        Run run = vet(fixtures.toString());

        TreeSet<String> want = new TreeSet<>();
        List<String> src = Files.readAllLines(FIXTURE_SOURCE);
        for (int i = 0; i < src.size(); i++) {
            Matcher m = WANT.matcher(src.get(i));
            if (m.find()) {
                want.add("io/jdefer/agent/vet/fixtures/VetFixtures.java:" + (i + 1) + ": " + m.group(1));
            }
        }
        want.add("io/jdefer/agent/vet/fixtures/VetFixtures.java:0: @Defer on abstract method VetFixtures.abstractDefer");
        want.add("io/jdefer/agent/vet/fixtures/VetFixtures.java:0: @Recover on native method VetFixtures.nativeRecover");

        TreeSet<String> got = new TreeSet<>();
        for (String line : run.lines) {
            String match = want.stream().filter(line::startsWith).findFirst().orElse(line);
            got.add(match);
        }
        assertEquals(want, got, String.join("\n", run.lines));
        assertEquals(1, run.status);
    }

    @Test
    void atLoad_oneClassAlone_reportsNoRecoverFindingAnotherClassCouldRefute() throws Exception {
        byte[] bytes = Files.readAllBytes(testClasses().resolve("io/jdefer/agent/vet/fixtures/VetFixtures.class"));
        List<String> lines = Vet.analyzeAtLoad(bytes).stream().map(Vet.Finding::toString).sorted().toList();
        assertEquals(2, lines.stream().filter(l -> l.contains("inside a loop")).count(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("VetFixtures.unannotated, which is not annotated")), lines.toString());
        // helper() and recoverInBody() are not private: a method reference elsewhere could defer them.
        assertTrue(lines.stream().noneMatch(l -> l.contains("Go.recover()")), lines.toString());
    }

    @Test
    void cleanClasses_whenVetted_reportNothingAndExitZero() throws Exception {
        Run run = vet(testClasses().resolve("io/jdefer/agent/vet/VetIT.class").toString());
        assertEquals(List.of(), run.lines);
        assertEquals(0, run.status);
    }

    @Test
    void badInput_givesOneLineEach_neverAStackTrace(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("Truncated.class");
        Files.write(truncated, java.util.Arrays.copyOf(classBytes(), 100));
        Path notAJar = dir.resolve("broken.jar");
        Files.writeString(notAJar, "this is not a zip file");
        Path empty = dir.resolve("Empty.class");
        Files.write(empty, new byte[0]);
        Run run = vet(truncated.toString(), notAJar.toString(), empty.toString(), dir.resolve("missing").toString());
        assertEquals(4, run.lines.size(), String.join("\n", run.lines));
        for (String line : run.lines) {
            assertFalse(line.contains("\tat ") || line.contains("Exception in thread"), line);
        }
        assertTrue(run.lines.stream().anyMatch(l -> l.startsWith(truncated + ": not a valid class file")));
        assertTrue(run.lines.stream().anyMatch(l -> l.startsWith(notAJar + ": ")));
        assertTrue(run.lines.stream().anyMatch(l -> l.endsWith("missing: no such file or directory")));
        assertEquals(1, run.status);
        assertEquals(2, vet().status);
    }

    /**
     * A seeded mutation fuzz of the reader path: flips, truncations, insertions and length-field
     * damage on real class files. Whatever the bytes, vet prints lines of the form
     * {@code path: message} and exits 0 or 1; it never throws or prints a stack trace.
     */
    @Test
    void fuzz_whenClassFilesAreMutated_vetNeverThrows(@TempDir Path dir) throws Exception {
        byte[] seed = classBytes();
        long seedValue = Long.getLong("jdefer.vet.fuzzSeed", 20261122L);
        Random rnd = new Random(seedValue);
        int rejected = 0;
        int iterations = Integer.getInteger("jdefer.vet.fuzzIterations", 3000);
        List<String> odd = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            byte[] b = mutate(seed, rnd);
            Path f = dir.resolve("M" + (i % 16) + ".class");
            Files.write(f, b);
            Run run;
            try {
                run = vet(f.toString());
            } catch (Throwable t) {
                throw new AssertionError("seed " + seedValue + " iteration " + i + ": vet threw " + t, t);
            }
            assertTrue(run.status == 0 || run.status == 1, "status " + run.status);
            for (String line : run.lines) {
                if (!line.matches("^\\S.*: .+$") || line.contains("\tat ")) {
                    odd.add(line);
                }
            }
            if (run.lines.stream().anyMatch(l -> l.contains("not a valid class file"))) {
                rejected++;
            }
        }
        assertEquals(List.of(), odd);
        assertTrue(rejected > iterations / 4, "mutations rejected: " + rejected);
        System.out.println("VET FUZZ: " + iterations + " mutated class files (seed " + seedValue + "), "
                + rejected + " rejected with one line each, 0 exceptions escaped");
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2 -> {
                int at = rnd.nextInt(b.length);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(ins);
                byte[] c = new byte[b.length + ins.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(ins, 0, c, at, ins.length);
                System.arraycopy(b, at, c, at + ins.length, b.length - at);
                b = c;
            }
            case 3 -> {
                int at = 8 + rnd.nextInt(b.length - 10);
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) 0xFF;
            }
            default -> {
                int at = rnd.nextInt(b.length);
                b[at] = (byte) rnd.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] classBytes() throws IOException {
        try (InputStream in = io.jdefer.Go.class.getResourceAsStream("Go.class")) {
            return in.readAllBytes();
        }
    }
}
