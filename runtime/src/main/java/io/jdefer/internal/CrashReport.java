package io.jdefer.internal;

import io.jdefer.Panic;
import io.jdefer.PanicNilError;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of a panic that escaped a goroutine, printed as Go 1.25 prints it
 * ({@code runtime.printpanics}), then exit status 2 without running anything else.
 */
final class CrashReport {
    private CrashReport() {
        throw new AssertionError();
    }

    private static final Object ONE_AT_A_TIME = new Object();

    /** The default uncaught-panic handler. Never returns. */
    static void crash(Thread thread, Throwable t) {
        GoroutineState g = GoroutineState.peek();
        long goid = g != null ? g.goid : thread.threadId();
        PanicRecord p = g != null ? g.escapedRecordFor(t) : new PanicRecord(t, null);
        String text;
        try {
            text = panics(p) + "\n" + goroutine(goid, t);
        } catch (RenderFailure f) {
            text = "fatal error: panic while printing panic value: " + f.what + "\n\n" + goroutine(goid, t);
        }
        die(text);
    }

    /** Go's {@code fatal}: a message that no deferred call can intercept, then exit status 2. */
    static void fatal(String message) {
        die("fatal error: " + message + "\n");
    }

    private static void die(String text) {
        synchronized (ONE_AT_A_TIME) {
            System.out.flush();
            System.err.print(text);
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    /** {@code panic: ...} lines, oldest first (printpanics), with Go 1.25's repanic merging. */
    static String panics(PanicRecord newest) throws RenderFailure {
        List<PanicRecord> chain = new ArrayList<>();
        for (PanicRecord q = newest; q != null; q = q.link) {
            chain.add(q);
        }
        // preprintpanics: the older entry of an identical re-panic is marked, the newer one skipped.
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (chain.get(i + 1).value == chain.get(i).value) {
                chain.get(i + 1).repanicked = true;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            PanicRecord p = chain.get(i);
            PanicRecord older = i + 1 < chain.size() ? chain.get(i + 1) : null;
            if (older != null) {
                if (older.repanicked) {
                    continue;
                }
                if (!older.goexit) {
                    out.append('\t');
                }
            }
            if (p.goexit) {
                continue;
            }
            out.append("panic: ").append(value(p.throwable));
            if (p.recovered && p.repanicked) {
                out.append(" [recovered, repanicked]");
            } else if (p.recovered) {
                out.append(" [recovered]");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Go's printpanicval: the value's text; since Go 1.23 continuation lines are tab-indented. */
    static String value(Throwable t) throws RenderFailure {
        String s;
        try {
            if (t instanceof PanicNilError) {
                s = t.getMessage();
            } else if (t instanceof Panic p) {
                s = String.valueOf(p.value());
            } else {
                s = t.toString();
            }
        } catch (Throwable nested) {
            throw new RenderFailure(nestedPanicText(nested));
        }
        return indented(s);
    }

    /**
     * What follows {@code panic while printing panic value: } when rendering threw {@code nested}.
     * Go's preprintpanics recovers the nested panic and prints it only if its value is a string;
     * any other value, errors included, is printed as {@code type <T>}.
     */
    static String nestedPanicText(Throwable nested) {
        if (nested instanceof Panic p && p.value() instanceof String s) {
            return indented(s);
        }
        return "type " + typeString(nested instanceof Panic p ? p.value() : nested);
    }

    /** Go's printindented: every newline is followed by a tab. */
    private static String indented(String s) {
        return s.replace("\n", "\n\t");
    }

    /**
     * Go's {@code rtype.string()} for a Java value: the boxed primitives and String as Go's basic
     * types of the same meaning, arrays as slices, everything else by its Java class name
     * (a hidden class, such as a lambda's, without the address suffix that changes every run).
     */
    static String typeString(Object v) {
        return typeString(v.getClass());
    }

    private static String typeString(Class<?> c) {
        if (c.isArray()) {
            return "[]" + typeString(c.getComponentType());
        }
        if (c == PanicNilError.class) {
            return "*runtime.PanicNilError";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "bool";
        }
        if (c == Integer.class || c == int.class) {
            return "int";
        }
        if (c == Long.class || c == long.class) {
            return "int64";
        }
        if (c == Short.class || c == short.class) {
            return "int16";
        }
        if (c == Byte.class || c == byte.class) {
            return "int8";
        }
        if (c == Character.class || c == char.class) {
            return "int32";
        }
        if (c == Float.class || c == float.class) {
            return "float32";
        }
        if (c == Double.class || c == double.class) {
            return "float64";
        }
        String name = c.getName();
        int slash = name.indexOf('/');
        return c.isHidden() && slash >= 0 ? name.substring(0, slash) : name;
    }

    static String goroutine(long goid, Throwable t) {
        StringBuilder out = new StringBuilder("goroutine ").append(goid).append(" [running]:\n");
        for (StackTraceElement e : t.getStackTrace()) {
            out.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n\t")
                    .append(e.getFileName() != null ? e.getFileName() : "?")
                    .append(':').append(e.getLineNumber()).append('\n');
        }
        return out.toString();
    }

    static final class RenderFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String what;

        RenderFailure(String what) {
            super(what, null, false, false);
            this.what = what;
        }
    }
}
