package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layering, read from its class files: the facades ({@code Go}, {@code Group},
 * {@code Diagnostics}) call into {@code io.jdefer.internal}, which uses only the API's leaf types
 * ({@code Action}, {@code ActionWith}, {@code Panic}, {@code PanicNilError}, {@code Goexit}), and
 * those refer to nothing internal. So the two packages share types but no class depends on
 * itself through the other package.
 */
class LayeringTest {
    private static final Set<String> FACADES = Set.of("io/jdefer/Go", "io/jdefer/Group", "io/jdefer/Diagnostics");

    @Test
    void internal_neverRefersToTheFacades() throws IOException {
        List<Path> internal = classFiles("io/jdefer/internal");
        // The reader sees references at all: GoroutineState runs Actions and Go names internal classes.
        assertTrue(referencedClasses(internal.stream().filter(p -> p.endsWith("GoroutineState.class")).findFirst()
                .orElseThrow()).contains("io/jdefer/Action"));
        assertTrue(referencedClasses(classFiles("io/jdefer").stream().filter(p -> p.endsWith("Go.class")).findFirst()
                .orElseThrow()).contains("io/jdefer/internal/Results"));
        List<String> bad = new ArrayList<>();
        for (Path c : internal) {
            for (String ref : referencedClasses(c)) {
                if (FACADES.contains(ref)) {
                    bad.add(c.getFileName() + " -> " + ref);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void apiLeafTypes_neverReferToInternal() throws IOException {
        List<String> bad = new ArrayList<>();
        List<Path> api = classFiles("io/jdefer");
        assertTrue(api.size() >= 8, "found the API classes: " + api);
        for (Path c : api) {
            String name = "io/jdefer/" + c.getFileName().toString().replace(".class", "");
            if (FACADES.contains(name) || name.startsWith("io/jdefer/Go$") || name.startsWith("io/jdefer/Group$")) {
                continue;
            }
            for (String ref : referencedClasses(c)) {
                if (ref.startsWith("io/jdefer/internal/")) {
                    bad.add(name + " -> " + ref);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    /** The class files directly in {@code pkg} of the runtime's compiled classes. */
    private static List<Path> classFiles(String pkg) throws IOException {
        Path root;
        try {
            root = Path.of(GoroutineState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = Files.isDirectory(root) ? root.resolve(pkg) : null;
        assertTrue(dir != null && Files.isDirectory(dir), "runtime classes are a directory here: " + root);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }

    /**
     * Every class a class file names in its constant pool: class entries, and class names inside
     * field, method and generic descriptors.
     */
    static Set<String> referencedClasses(Path classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int n = in.readUnsignedShort();
            for (int i = 1; i < n; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        String s = in.readUTF();
                        int at = 0;
                        while ((at = s.indexOf('L', at)) >= 0) {
                            int end = s.indexOf(';', at);
                            int lt = s.indexOf('<', at);
                            if (end < 0) {
                                break;
                            }
                            String candidate = s.substring(at + 1, lt > at && lt < end ? lt : end);
                            if (candidate.startsWith("io/jdefer/")) {
                                out.add(candidate);
                            }
                            at++;
                        }
                        if (s.startsWith("io/jdefer/") && s.indexOf(' ') < 0 && s.indexOf('.') < 0) {
                            out.add(s);                     // a class entry's name
                        }
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
        }
        return out;
    }
}
