package io.jdefer.weaver;

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
import net.bytebuddy.build.Plugin;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as byte-buddy-maven-plugin makes it: by reflection, with the {@code <arguments>} of
 * the transformation as constructor arguments ({@code <argument><index>0</index><value>true</value>}
 * is {@code verbose}).
 */
class WeaverPluginTest {
    private static final String FILE = "com/example/weaving/WeaverFixture.class";

    private static String weave(Path tmp, Plugin.Factory factory) throws IOException {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in.resolve(FILE).getParent());
        try (InputStream s = WeaverPluginTest.class.getClassLoader().getResourceAsStream(FILE)) {
            Files.write(in.resolve(FILE), s.readAllBytes());
        }
        Files.createDirectories(out);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Plugin.Engine.Summary s = new Plugin.Engine.Default()
                    .with(ClassFileLocator.ForClassLoader.of(WeaverPluginTest.class.getClassLoader()))
                    .withErrorHandlers(Plugin.Engine.ErrorHandler.Failing.FAIL_FAST)
                    .apply(new Plugin.Engine.Source.ForFolder(in.toFile()), new Plugin.Engine.Target.ForFolder(out.toFile()),
                            factory);
            assertTrue(s.getFailed().isEmpty(), "weaving failed: " + s.getFailed());
            assertEquals(1, s.getTransformed().size(), "the fixture is woven");
        } finally {
            System.setErr(err);
        }
        String woven = new String(Files.readAllBytes(out.resolve(FILE)), StandardCharsets.ISO_8859_1);
        assertTrue(woven.contains("Lio/jdefer/agent/Rewritten;"), "the woven fixture carries the rewrite's mark");
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutArguments_weavesQuietly(@TempDir Path tmp) throws IOException {
        String err = weave(tmp, new Plugin.Factory.UsingReflection(JdeferPlugin.class));
        assertFalse(err.contains("[jdefer]"), err);
    }

    @Test
    void verboseArgument_reportsEachClassAndMethod(@TempDir Path tmp) throws IOException {
        String err = weave(tmp, new Plugin.Factory.UsingReflection(JdeferPlugin.class)
                .with(new Plugin.Factory.UsingReflection.ArgumentResolver.ForIndex.WithDynamicType(0, "true")));
        assertTrue(err.contains("[jdefer] rewrote com.example.weaving.WeaverFixture"), err);
        assertTrue(err.contains("[jdefer] com.example.weaving.WeaverFixture.fortyTwo()I keeps records: open-coding is off"), err);
    }
}
