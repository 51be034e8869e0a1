package com.example.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's installation snippets cannot drift from what this project proves. A snippet is
 * marked in README.md by an HTML comment right before its fence, naming the files (relative to
 * consumer-test/) that must contain it verbatim, or {@code run} for a java command line:
 *
 * <pre>
 * &lt;!-- consumer-test: agent/pom.xml jpms-agent/pom.xml --&gt;
 * </pre>
 *
 * Verbatim means the snippet's lines, trimmed, appear as consecutive lines of the file, also
 * trimmed (indentation differs with nesting); single-line XML comments are ignored on both sides.
 */
class ReadmeSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("^<!-- consumer-test: (.+?) -->$");

    record Snippet(int line, List<String> targets, String lang, List<String> body) {
    }

    private static Path path(String property) {
        String p = System.getProperty(property);
        if (p == null) {
            throw new IllegalStateException("system property " + property + " is not set (see readme-snippets/pom.xml)");
        }
        return Path.of(p);
    }

    private static List<Snippet> snippets(List<String> readme) {
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher m = MARKER.matcher(readme.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            int open = i + 1;
            while (open < readme.size() && readme.get(open).isBlank()) {
                open++;
            }
            if (open >= readme.size() || !readme.get(open).trim().startsWith("```")) {
                fail("README.md:" + (i + 1) + ": a consumer-test marker must be followed by a ``` fence");
            }
            String lang = readme.get(open).trim().substring(3);
            List<String> body = new ArrayList<>();
            int j = open + 1;
            while (j < readme.size() && !readme.get(j).trim().equals("```")) {
                body.add(readme.get(j));
                j++;
            }
            out.add(new Snippet(i + 1, List.of(m.group(1).trim().split("\\s+")), lang, body));
            i = j;
        }
        return out;
    }

    private static List<String> normalized(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.replaceAll("<!--.*?-->", "").trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean containsRun(List<String> haystack, List<String> needle) {
        return needle.isEmpty() || java.util.Collections.indexOfSubList(haystack, needle) >= 0;
    }

    @Test
    void everyXmlSnippetOfTheReadmeIsMarkedAndUsedVerbatim() throws IOException {
        Path readmeFile = path("readme");
        List<String> readme = Files.readAllLines(readmeFile, StandardCharsets.UTF_8);
        List<Snippet> snippets = snippets(readme);
        // an unmarked XML block in the README would be a snippet nobody checks
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).trim().equals("```xml")) {
                int line = i + 1;
                assertTrue(snippets.stream().anyMatch(s -> s.lang().equals("xml") && readmeLineOfFence(readme, s) == line),
                        "README.md:" + line + ": an XML snippet without a <!-- consumer-test: ... --> marker");
            }
        }
        assertTrue(snippets.size() >= 8, "expected the installation snippets to be marked, found " + snippets.size());
        Path dir = path("consumer.dir");
        for (Snippet s : snippets) {
            if (s.targets().equals(List.of("run"))) {
                continue;
            }
            List<String> needle = normalized(s.body());
            assertFalse(needle.isEmpty(), "README.md:" + s.line() + ": empty snippet");
            for (String target : s.targets()) {
                Path file = dir.resolve(target);
                assertTrue(Files.isRegularFile(file), "README.md:" + s.line() + ": consumer-test/" + target + " does not exist");
                List<String> haystack = normalized(Files.readAllLines(file, StandardCharsets.UTF_8));
                assertTrue(containsRun(haystack, needle), "README.md:" + s.line() + ": the snippet is not in consumer-test/"
                        + target + " verbatim (whitespace aside); copy it from the README again:\n" + String.join("\n", s.body()));
            }
        }
    }

    private static int readmeLineOfFence(List<String> readme, Snippet s) {
        int i = s.line();              // 1-based marker line = 0-based index of the next line
        while (readme.get(i).isBlank()) {
            i++;
        }
        return i + 1;
    }

    @Test
    void theJavaCommandLinesRunTheAppUnderTheAgent() throws Exception {
        List<Snippet> runs = snippets(Files.readAllLines(path("readme"), StandardCharsets.UTF_8)).stream()
                .filter(s -> s.targets().equals(List.of("run"))).toList();
        assertEquals(2, runs.size(), "the README marks a class-path and a module-path java command line");
        Path repo = path("local.repo");
        Path app = path("app.jar");
        assertTrue(Files.isRegularFile(app), app + " missing: the cli module builds it first");
        for (Snippet s : runs) {
            List<String> body = normalized(s.body());
            assertEquals(1, body.size(), "README.md:" + s.line() + ": one command line");
            List<String> cmd = new ArrayList<>(Arrays.asList(body.get(0).split("\\s+")));
            assertEquals("java", cmd.get(0), "README.md:" + s.line() + ": the command starts with java");
            cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Path work = Files.createTempDirectory("jdefer-readme-run");
            boolean modulePath = false;
            for (int i = 1; i < cmd.size(); i++) {
                String a = cmd.get(i);
                if (a.startsWith("-javaagent:")) {
                    provide(work, a.substring("-javaagent:".length()).split("=")[0], repo, app);
                } else if (a.equals("-cp") || a.equals("-p")) {
                    modulePath |= a.equals("-p");
                    for (String jar : cmd.get(i + 1).split(":")) {
                        provide(work, jar, repo, app);
                    }
                }
            }
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "README.md:" + s.line() + ": did not end");
            assertEquals(0, p.exitValue(), "README.md:" + s.line() + ": " + cmd + " printed:\n" + out);
            String expected = modulePath ? "ok module com.example.app, runtime module io.jdefer"
                    : "ok class path, runtime class path";
            assertEquals(expected, out, "README.md:" + s.line() + ": " + cmd);
        }
    }

    /** Puts the jar a command line names into the working directory, from the local repository. */
    private static void provide(Path work, String name, Path repo, Path app) throws IOException {
        Path source;
        if (name.equals("app.jar")) {
            source = app;
        } else {
            Matcher m = Pattern.compile("(jdefer-[a-z]+)-(\\d.*)\\.jar").matcher(name);
            assertTrue(m.matches(), "a jar name the README's command line uses: " + name);
            source = repo.resolve("io/jdefer/" + m.group(1) + "/" + m.group(2) + "/" + name);
        }
        assertTrue(Files.isRegularFile(source), name + ": " + source + " is not installed");
        Files.copy(source, work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
