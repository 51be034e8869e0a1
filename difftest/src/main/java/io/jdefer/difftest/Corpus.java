package io.jdefer.difftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed corpus: for each program its seed, a hash of its Go rendering (so a changed
 * generator is noticed instead of compared against stale output) and Go's recorded outcome. The
 * Java programs are not stored: they are regenerated from the seeds.
 *
 * <pre>
 * == SEED GOHASH
 * stdout lines
 * -- exit N
 * -- panic LINE      (normalized, oldest first)
 * </pre>
 */
final class Corpus {
    private Corpus() {
    }

    record Entry(long seed, String goHash, Outcome go) {
    }

    /** The i-th seed derived from {@code base} (SplitMix64, so neighbours are unrelated programs). */
    static long seed(long base, int i) {
        long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    static String name(long seed) {
        return Long.toString(seed);
    }

    static String goHash(Ast.Program p) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(GoRenderer.program("X", p).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        long seed = 0;
        String hash = null;
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("== ")) {
                if (hash != null) {
                    out.add(new Entry(seed, hash, Outcome.parse(lines)));
                }
                String[] f = l.substring(3).split(" ");
                seed = Long.parseLong(f[0]);
                hash = f[1];
                lines = new ArrayList<>();
            } else {
                lines.add(l);
            }
        }
        if (hash != null) {
            out.add(new Entry(seed, hash, Outcome.parse(lines)));
        }
        return out;
    }

    static void write(Path file, String header, Map<Long, Outcome> outcomes) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String h : header.split("\n")) {
            sb.append("# ").append(h).append('\n');
        }
        for (Map.Entry<Long, Outcome> e : outcomes.entrySet()) {
            sb.append("== ").append(e.getKey()).append(' ').append(goHash(Generator.generate(e.getKey()))).append('\n')
                    .append(e.getValue().format());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static Map<String, String> javaSources(Map<String, Ast.Program> programs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Ast.Program> e : programs.entrySet()) {
            out.put(JavaRenderer.className(e.getKey()), JavaRenderer.source(e.getKey(), e.getValue()));
        }
        return out;
    }
}
