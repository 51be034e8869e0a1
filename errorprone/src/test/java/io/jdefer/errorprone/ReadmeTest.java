package io.jdefer.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module's README shows the same Maven snippet as the root README (which consumer-test builds
 * verbatim), names the Error Prone version this module is tested with, and documents every check
 * under a heading its link points to, with the severity it has.
 */
class ReadmeTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    private static List<String> xmlBlocks(Path readme) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme, StandardCharsets.UTF_8));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theModuleReadmeShowsTheRootReadmesSnippet() throws IOException {
        List<String> module = xmlBlocks(MODULE.resolve("README.md"));
        assertEquals(1, module.size());
        assertTrue(xmlBlocks(MODULE.resolve("../README.md")).contains(module.get(0)),
                "errorprone/README.md's snippet differs from the one in README.md; copy it from there");
        String version = System.getProperty("errorprone.version");
        assertTrue(module.get(0).contains("<artifactId>error_prone_core</artifactId>\n        <version>" + version + "</version>"),
                "the snippet should name error_prone_core " + version + ", the version this module is tested with");
    }

    @Test
    void everyCheckIsDocumentedWhereItsLinkPoints() throws IOException {
        String readme = Files.readString(MODULE.resolve("README.md"), StandardCharsets.UTF_8);
        Set<String> names = new TreeSet<>();
        for (Class<?> c : List.of(DeferInLoop.class, RecoverNotInDeferredAction.class, DeferWithoutAnnotation.class,
                DeferAnnotationWithoutEffect.class, RecoverWithoutSetResult.class)) {
            com.google.errorprone.BugPattern p = c.getAnnotation(com.google.errorprone.BugPattern.class);
            String name = c.getSimpleName();
            names.add(name);
            assertTrue(p.link().endsWith("errorprone/README.md#" + name.toLowerCase()), p.link());
            assertTrue(readme.contains("\n### " + name + "\n"), "no section for " + name);
            String severity = p.severity().name().toLowerCase();
            assertTrue(readme.contains("| [`" + name + "`](#" + name.toLowerCase() + ") | " + severity + " |"),
                    name + " should be listed as " + severity);
        }
        Set<String> registered = new TreeSet<>();
        try (var in = ReadmeTest.class.getResourceAsStream("/META-INF/services/com.google.errorprone.bugpatterns.BugChecker")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                registered.add(line.substring(line.lastIndexOf('.') + 1));
            }
        }
        assertEquals(names, registered, "every check is registered for Error Prone to find");
    }
}
