package io.jdefer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.Action;
import io.jdefer.Panic;
import io.jdefer.PanicNilError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text after {@code panic while printing panic value: }, and the Java-to-Go type names it
 * uses (the table in docs/semantics.md, rule 14). The whole report is tested in child JVMs by
 * {@code CrashTest}.
 */
class CrashReportTest {
    @Test
    void typeString_boxedPrimitivesAndString_areGosBasicTypes() {
        assertEquals(List.of("bool", "int8", "int16", "int32", "int", "int64", "float32", "float64", "string"),
                List.of(CrashReport.typeString(true), CrashReport.typeString((byte) 1),
                        CrashReport.typeString((short) 1), CrashReport.typeString('c'), CrashReport.typeString(1),
                        CrashReport.typeString(1L), CrashReport.typeString(1f), CrashReport.typeString(1d),
                        CrashReport.typeString("s")));
    }

    @Test
    void typeString_arrays_areSlicesOfTheElementType() {
        assertEquals("[]int", CrashReport.typeString(new int[0]));
        assertEquals("[][]string", CrashReport.typeString(new String[0][]));
        assertEquals("[]java.lang.Object", CrashReport.typeString(new Object[0]));
    }

    @Test
    void typeString_otherClasses_areTheirJavaNames_PanicNilErrorIsGos() {
        assertEquals("java.lang.IllegalStateException", CrashReport.typeString(new IllegalStateException()));
        assertEquals("java.util.ArrayList", CrashReport.typeString(new java.util.ArrayList<>()));
        assertEquals("*runtime.PanicNilError", CrashReport.typeString(new PanicNilError()));
    }

    @Test
    void typeString_lambda_dropsTheHiddenClassAddressSoItIsTheSameEveryRun() {
        Action a = () -> { };
        String name = a.getClass().getName();
        assertEquals(name.substring(0, name.indexOf('/')), CrashReport.typeString(a));
        assertEquals(CrashReportTest.class.getName() + "$$Lambda", CrashReport.typeString(a));
    }

    @Test
    void nestedPanicText_stringValue_isTheStringWithContinuationLinesTabIndented() {
        assertEquals("one\n\ttwo\n\tthree", CrashReport.nestedPanicText(new Panic("one\ntwo\nthree")));
    }

    @Test
    void nestedPanicText_anyOtherValue_isItsTypeEvenForAnErrorWithAMessage() {
        assertEquals("type int", CrashReport.nestedPanicText(new Panic(42)));
        assertEquals("type java.lang.IllegalArgumentException",
                CrashReport.nestedPanicText(new IllegalArgumentException("not printed")));
        assertEquals("type *runtime.PanicNilError", CrashReport.nestedPanicText(new PanicNilError()));
    }

    @Test
    void value_whenToStringPanics_failsWithTheNestedText() {
        Panic p = new Panic(new Object() {
            @Override
            public String toString() {
                throw new Panic(7L);
            }
        });
        assertEquals("type int64", assertThrows(CrashReport.RenderFailure.class, () -> CrashReport.value(p)).what);
    }
}
