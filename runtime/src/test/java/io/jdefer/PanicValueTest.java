package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Rules 6 and 7 (go-reference G19, G26): what {@code panic(v)} throws and what recover returns. */
class PanicValueTest {

    @Test
    void panic_whenValueIsThrowable_throwsItItself() {
        IllegalArgumentException e = new IllegalArgumentException("bad");
        assertSame(e, assertThrows(IllegalArgumentException.class, () -> panic(e)));
    }

    @Test
    void panic_whenValueIsCheckedException_throwsItUndeclared() {
        IOException e = new IOException("io");
        Throwable t = RecoverDirectCallTest.catchPanic(() -> Go.run(() -> {
            throw panic(e);
        }));
        assertSame(e, t);
    }

    @Test
    void panic_whenValueIsNull_throwsPanicNilErrorWithGoMessage() {
        PanicNilError e = assertThrows(PanicNilError.class, () -> panic(null));
        assertEquals("panic called with nil argument", e.getMessage());
    }

    @Test
    void recover_whenPanicNull_returnsNonNullPanicNilError() {
        // Go 1.21: recover never returns nil while panicking.
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            throw panic(null);
        });
        assertInstanceOf(PanicNilError.class, got[0]);
    }

    @Test
    void panic_whenValueIsPlainObject_throwsPanicCarryingSameObject() {
        Object v = new Object();
        Panic p = assertThrows(Panic.class, () -> panic(v));
        assertSame(v, p.value());
    }

    @Test
    void recover_whenPanicValueIsPlainObject_returnsSameObject() {
        int[] v = {42};
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            throw panic(v);
        });
        assertSame(v, got[0]);
    }

    @Test
    void recover_whenThrowableEscapesBody_returnsThrowableItself() {
        // Rule 6: any Throwable leaving a frame is a panic.
        IllegalStateException e = new IllegalStateException("thrown, not panicked");
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            throw e;
        });
        assertSame(e, got[0]);
    }

    @Test
    void recover_whenJvmExceptionInBody_returnsIt() {
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            Object o = null;
            o.hashCode();
        });
        assertInstanceOf(NullPointerException.class, got[0]);
    }

    @Test
    void panic_whenValueToStringThrows_stillPanicsWithThatValue() {
        Object bad = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("cannot print");
            }
        };
        Panic p = assertThrows(Panic.class, () -> panic(bad));
        assertSame(bad, p.value());
        assertNotNull(p.getMessage());
    }

    @Test
    void panicMessage_whenValueIsString_isTheValue() {
        Panic p = assertThrows(Panic.class, () -> panic("bad state"));
        assertEquals("bad state", p.getMessage());
    }

    @Test
    void panic_whenUsedAsExpression_compilesInThrowPosition() {
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            int x = 1;
            if (x == 1) {
                throw panic(7);
            }
        });
        assertEquals(7, got[0]);
    }
}
