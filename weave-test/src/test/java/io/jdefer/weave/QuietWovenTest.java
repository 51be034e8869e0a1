package io.jdefer.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The weaver reads the bodies of deferred method references into other classes through the
 * build's class files, as the agent does through the class loader: a woven record-tier frame
 * whose action is {@link Sink#close} (another class, a body that never touches the result) gets
 * the quiet exit.
 */
class QuietWovenTest {
    /** A deferred target in a class of its own. */
    static final class Sink {
        int closed;

        void close() {
            closed++;
        }
    }

    /** Only this frame, so that the class's constants say which exit it calls. */
    static final class Frames {
        @Defer
        static int closesInALoop(Sink[] sinks) {
            for (Sink s : sinks) {
                Go.defer(Sink::close, s);
            }
            return sinks.length;
        }
    }

    @Test
    void aMethodReferenceIntoAnotherClass_getsTheQuietExit_andRunsAsBefore() throws IOException {
        Sink a = new Sink();
        Sink b = new Sink();
        assertEquals(2, Frames.closesInALoop(new Sink[] {a, b}));
        assertEquals(1, a.closed);
        assertEquals(1, b.closed);

        byte[] bytes;
        try (InputStream in = QuietWovenTest.class.getResourceAsStream("QuietWovenTest$Frames.class")) {
            bytes = in.readAllBytes();
        }
        String constants = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("deferReturnQuietInt"), "the woven frame does not call the quiet exit");
    }
}
