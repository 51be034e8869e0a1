package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.Panic;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Runs in every consumer module: on the class path and as a named module, under the agent and
 * woven at build time. src/test/resources/expect.properties of each module says which.
 */
class InventoryTest {
    private static Properties expect() throws IOException {
        Properties p = new Properties();
        try (InputStream in = InventoryTest.class.getResourceAsStream("/expect.properties")) {
            if (in == null) {
                throw new IllegalStateException("src/test/resources/expect.properties is missing in this module");
            }
            p.load(in);
        }
        return p;
    }

    @Test
    void defersRunLastInFirstOut() {
        Inventory inv = new Inventory();
        assertEquals("bolt", inv.take("bolt"));
        assertEquals(List.of("lock", "take bolt", "audit bolt", "unlock"), inv.log());
    }

    @Test
    void defersRunWhilePanicking() {
        Inventory inv = new Inventory();
        Panic p = assertThrows(Panic.class, () -> inv.take(""));
        assertEquals("empty item", p.value());
        assertEquals(List.of("lock", "audit ", "unlock"), inv.log());
    }

    @Test
    void recoverReturnsTheZeroValue() {
        Inventory inv = new Inventory();
        assertEquals(12, inv.count("12"));
        assertEquals(0, inv.count("twelve"));
        assertEquals(List.of("counted", "counted"), inv.log());
    }

    @Test
    void deferredActionRewritesTheResult() {
        assertEquals(42, new Inventory().answer());
    }

    @Test
    void rewrittenTheWayThisModuleSays() throws IOException {
        Properties expect = expect();
        // the agent marks its installation with this property (and refuses a second attach by it)
        boolean agent = System.getProperty("io.jdefer.agent.installed") != null;
        assertEquals(Boolean.parseBoolean(expect.getProperty("agent")), agent,
                "the jdefer agent installed in the test JVM");
        boolean named = Boolean.parseBoolean(expect.getProperty("named-module"));
        assertEquals(named, Inventory.class.getModule().isNamed(), "the application is a named module");
        if (named) {
            assertEquals("com.example.inventory", Inventory.class.getModule().getName());
            Module runtime = Go.class.getModule();
            assertEquals("io.jdefer", runtime.getName());
            assertFalse(runtime.getDescriptor().isAutomatic(), "jdefer-runtime has a module descriptor");
            assertTrue(runtime.isExported("io.jdefer.internal"), "exported: rewritten code calls into it");
            assertFalse(runtime.isOpen("io.jdefer.internal"), "never opened to deep reflection");
            assertFalse(runtime.isOpen("io.jdefer"), "never opened to deep reflection");
        }
    }
}
