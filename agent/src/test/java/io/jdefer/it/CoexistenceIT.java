package io.jdefer.it;

import static io.jdefer.Go.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Other bytecode tools in the same JVM: Mockito (its own, unshaded Byte Buddy and inline mock
 * maker, which retransforms the mocked class after jdefer rewrote it) and, in the
 * {@code with-jacoco} failsafe execution, the JaCoCo agent attached beside jdefer's.
 */
class CoexistenceIT {
    static class Service {
        @Defer
        int compute(List<String> log) {
            defer(log::add, "deferred");
            return 6;
        }

        @Recover
        String fragile() {
            throw new IllegalStateException();
        }
    }

    @Test
    void mockito_mockOfAClassWithFrames_stubsThem() {
        Service m = mock(Service.class);
        when(m.compute(any())).thenReturn(42);
        List<String> log = new ArrayList<>();
        assertEquals(42, m.compute(log));
        assertEquals(List.of(), log);
    }

    @Test
    void mockito_spyOfAClassWithFrames_runsTheRewrittenMethods() {
        Service s = spy(new Service());
        List<String> log = new ArrayList<>();
        assertEquals(6, s.compute(log));
        assertEquals(null, s.fragile());
        assertEquals(List.of("deferred"), log);
        verify(s).compute(log);
    }

    static final class Covered {
        @Defer
        static int covered(List<String> log) {
            defer(log::add, "deferred");
            if (log.isEmpty()) {
                log.add("body");
            }
            return 6;
        }
    }

    @Test
    void jacoco_instrumentsTheSameClasses_andFramesStillWork() {
        assumeTrue(Boolean.getBoolean("jdefer.expect.jacoco"), "only in the with-jacoco execution");
        List<String> log = new ArrayList<>();
        assertEquals(6, Covered.covered(log));
        assertEquals(List.of("body", "deferred"), log);
        boolean probed = Arrays.stream(Covered.class.getDeclaredMethods()).map(Method::getName)
                .anyMatch(n -> n.equals("$jacocoInit"));
        assertTrue(probed, "JaCoCo added its probes to a class jdefer rewrote");
    }
}
