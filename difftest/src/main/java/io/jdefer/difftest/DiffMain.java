package io.jdefer.difftest;

import io.jdefer.difftest.JavaRunner.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run.sh's engine: fresh programs from a seed, run by the installed Go and by jdefer in every
 * configuration (one child JVM per configuration, all programs in it), compared; each divergence
 * is minimized and written out. {@code --record FILE} writes Go's outcomes as a corpus instead.
 */
public final class DiffMain {
    private DiffMain() {
    }

    private static final int GO_BATCH = 400;

    public static void main(String[] args) throws Exception {
        int programs = 1000;
        long seed = 1;
        Path keep = Path.of("difftest-divergences");
        Path record = null;
        List<Config> configs = new ArrayList<>(List.of(Config.values()));
        List<Long> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--programs" -> programs = Integer.parseInt(need(a, v));
                case "--seed" -> seed = Long.parseLong(need(a, v));
                case "--keep" -> keep = Path.of(need(a, v));
                case "--record" -> record = Path.of(need(a, v));
                case "--program" -> only.add(Long.parseLong(need(a, v)));
                case "--configs" -> {
                    configs.clear();
                    for (String c : need(a, v).split(",")) {
                        configs.add(Config.of(c));
                    }
                }
                default -> usage("unknown argument '" + a + "'");
            }
            i++;
        }
        if (programs < 1) {
            usage("--programs must be at least 1");
        }
        System.out.println("difftest: seed " + seed + " (override with --seed), " + programs + " programs, "
                + GoRunner.version() + ", generator version " + Generator.VERSION);
        long t0 = System.nanoTime();
        Map<String, Ast.Program> progs = new LinkedHashMap<>();
        Map<String, Long> seeds = new LinkedHashMap<>();
        if (!only.isEmpty()) {
            programs = only.size();
        }
        for (int i = 0; i < programs; i++) {
            long s = only.isEmpty() ? Corpus.seed(seed, i) : only.get(i);
            progs.put(Corpus.name(s), Generator.generate(s));
            seeds.put(Corpus.name(s), s);
        }
        Path work = Files.createTempDirectory("difftest");
        Map<String, Outcome> go = goInBatches(progs, work.resolve("go"));
        long tGo = System.nanoTime();
        int skipped = 0;
        for (String n : new ArrayList<>(go.keySet())) {
            if (go.get(n).exit() == Outcome.SKIPPED) {
                skipped++;
                progs.remove(n);
                go.remove(n);
            }
        }
        System.out.printf("difftest: Go ran %d programs in %.1f s; %d not compared (a panic recovered during Goexit, where"
                + " Go 1.19 and current Go differ)%n", programs, (tGo - t0) / 1e9, skipped);
        if (record != null) {
            Map<Long, Outcome> bySeed = new LinkedHashMap<>();
            for (Map.Entry<String, Outcome> e : go.entrySet()) {
                bySeed.put(seeds.get(e.getKey()), e.getValue());
            }
            Corpus.write(record, "difftest corpus: " + go.size() + " programs (of " + programs + ", " + skipped
                    + " not comparable with Go 1.19) from seed " + seed + ", generator version "
                    + Generator.VERSION + ", outcomes recorded by " + GoRunner.version()
                    + "\nre-record: difftest/run.sh --record difftest/corpus/corpus.txt --programs " + programs + " --seed " + seed,
                    bySeed);
            System.out.println("difftest: recorded " + go.size() + " programs into " + record);
            return;
        }
        int divergences = 0;
        List<String> report = new ArrayList<>();
        for (Config c : configs) {
            long tc = System.nanoTime();
            Map<String, Outcome> java = javaChild(c, progs, work.resolve("java"));
            List<String> diverging = new ArrayList<>();
            for (String n : progs.keySet()) {
                Outcome j = java.get(n);
                String d = j == null ? "no result" : j.difference(go.get(n));
                if (d != null) {
                    diverging.add(n);
                    report.add(c.id() + " program " + n + ": " + d);
                }
            }
            System.out.printf("difftest: %s: %d programs in %.1f s, %d divergences%n", c.id(), programs,
                    (System.nanoTime() - tc) / 1e9, diverging.size());
            divergences += diverging.size();
            for (String n : diverging) {
                minimizeAndKeep(n, progs.get(n), c, go.get(n), java.get(n), keep, work.resolve("min-" + c.id() + "-" + n));
            }
        }
        for (String r : report) {
            System.out.println("difftest: " + r);
        }
        System.out.printf("difftest: total %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("difftest: " + divergences + " divergences in " + progs.size() + " programs x " + configs.size() + " configs");
    }

    private static String need(String flag, String v) {
        if (v == null) {
            usage(flag + " needs a value");
        }
        return v;
    }

    private static void usage(String why) {
        System.err.println("difftest: " + why);
        System.err.println("usage: difftest/run.sh [--programs N] [--seed S] [--keep DIR] [--configs opencoded,pooled,allocated,woven]"
                + " [--program SEED]... [--record CORPUS_FILE]");
        System.exit(64);
    }

    static Map<String, Outcome> goInBatches(Map<String, Ast.Program> progs, Path work) throws IOException, InterruptedException {
        Map<String, Outcome> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(progs.keySet());
        for (int from = 0; from < names.size(); from += GO_BATCH) {
            Map<String, Ast.Program> batch = new LinkedHashMap<>();
            for (String n : names.subList(from, Math.min(names.size(), from + GO_BATCH))) {
                batch.put(n, progs.get(n));
            }
            out.putAll(GoRunner.run(batch, work.resolve("batch" + from)));
        }
        return out;
    }

    /** One child JVM running {@code progs} in configuration {@code c}. */
    static Map<String, Outcome> javaChild(Config c, Map<String, Ast.Program> progs, Path work) throws Exception {
        Path src = work.resolve("src");
        JavaRunner.deleteTree(src);
        Files.createDirectories(src);
        for (Map.Entry<String, String> e : Corpus.javaSources(progs).entrySet()) {
            Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue());
        }
        Path agent = Path.of(io.jdefer.agent.JdeferAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(c.jvmOptions(agent));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JavaRunner.class.getName());
        cmd.add(c.id());
        cmd.add(src.toString());
        Path out = work.resolve("outcomes-" + c.id() + ".txt");
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("jvm-" + c.id() + ".log").toFile()).start();
        int exit = p.waitFor();
        if (exit != 0 || !Files.exists(out)) {
            Path log = work.resolve("jvm-" + c.id() + ".log");
            throw new IllegalStateException("the " + c.id() + " JVM failed (exit " + exit + "); see " + log
                    + ":\n" + Files.readString(log).lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        }
        Map<String, Outcome> results = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            if (l.startsWith("== ")) {
                if (name != null) {
                    results.put(name, Outcome.parse(lines));
                }
                name = l.substring(4);   // "== P<name>"
                lines = new ArrayList<>();
            } else {
                lines.add(l);
            }
        }
        if (name != null) {
            results.put(name, Outcome.parse(lines));
        }
        return results;
    }

    /**
     * Minimization: each round tries every single-statement drop; if dropping all the drops that
     * still diverge together also diverges, that is the next program, else the first of them.
     */
    private static void minimizeAndKeep(String name, Ast.Program original, Config c, Outcome go, Outcome java, Path keep,
            Path work) throws Exception {
        Ast.Program best = original;
        Outcome bestGo = go;
        Outcome bestJava = java;
        int round = 0;
        while (round < 50) {
            Ast.Program base = best;
            List<Ast.Program> candidates = Minimizer.candidates(base);
            if (candidates.isEmpty()) {
                break;
            }
            Map<String, Ast.Program> batch = new LinkedHashMap<>();
            for (int i = 0; i < candidates.size(); i++) {
                batch.put(name + "x" + i, candidates.get(i));
            }
            Path rw = work.resolve("round" + round);
            Map<String, Outcome> g = GoRunner.run(batch, rw.resolve("go"));
            Map<String, Outcome> j = javaChild(c, batch, rw.resolve("java"));
            java.util.Set<Integer> diverging = new java.util.TreeSet<>();
            for (int i = 0; i < candidates.size(); i++) {
                Outcome jo = j.get(name + "x" + i);
                Outcome go1 = g.get(name + "x" + i);
                if (jo != null && go1.exit() != Outcome.SKIPPED && jo.difference(go1) != null) {
                    diverging.add(i);
                }
            }
            if (diverging.isEmpty()) {
                break;
            }
            int first = diverging.iterator().next();
            best = candidates.get(first);
            bestGo = g.get(name + "x" + first);
            bestJava = j.get(name + "x" + first);
            round++;
            if (diverging.size() > 1) {
                Map<String, Ast.Program> all = new LinkedHashMap<>();
                Ast.Program combined = Minimizer.without(base, diverging);
                all.put(name + "all", combined);
                Path rc = work.resolve("round" + round + "-combined");
                Map<String, Outcome> gc = GoRunner.run(all, rc.resolve("go"));
                Map<String, Outcome> jc = javaChild(c, all, rc.resolve("java"));
                Outcome jo = jc.get(name + "all");
                if (jo != null && gc.get(name + "all").exit() != Outcome.SKIPPED && jo.difference(gc.get(name + "all")) != null) {
                    best = combined;
                    bestGo = gc.get(name + "all");
                    bestJava = jo;
                }
            }
        }
        Path dir = keep.resolve(c.id() + "-" + name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("program.go"), GoRenderer.file(List.of(name), List.of(best)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JavaRenderer.className(name) + ".java"), JavaRenderer.source(name, best), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("go.out"), bestGo.format());
        Files.writeString(dir.resolve("java.out"), bestJava.format());
        Files.writeString(dir.resolve("README.txt"), "configuration " + c.id() + " (" + c.what + "), seed " + original.seed
                + ", minimized in " + round + " steps\n" + bestJava.difference(bestGo) + "\nGo run: go run program.go " + name
                + "\n");
        System.out.println("difftest: " + c.id() + " program " + name + " minimized (" + round + " steps) into " + dir + ": "
                + bestJava.difference(bestGo));
    }
}
