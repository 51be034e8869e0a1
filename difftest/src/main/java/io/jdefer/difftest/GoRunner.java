package io.jdefer.difftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Builds programs with the installed Go into one binary and runs each by name. */
final class GoRunner {
    private GoRunner() {
    }

    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("go version failed: " + v);
        }
        return v;
    }

    /** Outcomes by program name. */
    static Map<String, Outcome> run(Map<String, Ast.Program> programs, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path src = work.resolve("programs.go");
        List<String> names = new ArrayList<>(programs.keySet());
        Files.writeString(src, GoRenderer.file(names, new ArrayList<>(programs.values())), StandardCharsets.UTF_8);
        Path bin = work.resolve("programs");
        Process build = new ProcessBuilder("go", "build", "-o", bin.toString(), src.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (build.waitFor() != 0) {
            throw new IllegalStateException("generated Go did not compile (a generator or renderer bug), " + src + ":\n"
                    + log.lines().limit(30).reduce("", (a, b) -> a + b + "\n"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
            for (String n : names) {
                futures.put(n, pool.submit(() -> runOne(bin, n, work)));
            }
            Map<String, Outcome> out = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Outcome>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException x) {
                    throw new IllegalStateException("running Go program " + e.getKey() + ": " + x.getCause(), x.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome runOne(Path bin, String name, Path work) throws IOException, InterruptedException {
        Path err = Files.createTempFile(work, "stderr", ".txt");
        try {
            Process p = new ProcessBuilder(bin.toString(), name).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Outcome(new String(stdout, StandardCharsets.UTF_8), Outcome.TIMEOUT, List.of());
            }
            String stderr = Files.readString(err);
            if (stderr.contains(Outcome.SKIP_MARK)) {
                return new Outcome(new String(stdout, StandardCharsets.UTF_8), Outcome.SKIPPED, List.of());
            }
            int exit = p.exitValue();
            return new Outcome(new String(stdout, StandardCharsets.UTF_8), exit, exit == 0 ? List.of() : Outcome.panicLines(stderr));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
