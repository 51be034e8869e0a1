package io.jdefer.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a program did, in the form both sides are compared in: stdout, exit status, and the
 * {@code panic:} lines of the crash report with their {@code [recovered]} markers.
 *
 * <p>The panic lines are normalized so that Go 1.19 (which records the corpus) and the Go 1.25
 * report jdefer prints compare equal. Go 1.25 prints a run of panics with the same value (a value
 * recovered and re-panicked, or panicked again while panicking) once, as the oldest of the run with
 * {@code [recovered, repanicked]} or its own marker; Go 1.19 prints every one. Both sides are
 * reduced to the oldest line of each such run, {@code [recovered, repanicked]} read as
 * {@code [recovered]}. Runtime errors are named by kind ({@code runtime:index},
 * {@code runtime:divide}, {@code runtime:nil}) since Go's and the JVM's messages differ.
 */
record Outcome(String stdout, int exit, List<String> panics) {
    static final int TIMEOUT = -1;
    /** Go recovered a panic during Goexit, where Go 1.19 and current Go differ: not compared. */
    static final int SKIPPED = -2;
    static final String SKIP_MARK = "difftest: recovered during Goexit";

    /** The normalized panic lines of a crash report (Go's stderr or jdefer's report). */
    static List<String> panicLines(String report) {
        List<String> out = new ArrayList<>();
        for (String raw : report.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("fatal error:")) {
                out.add(line);
                continue;
            }
            if (!line.startsWith("panic: ")) {
                continue;
            }
            String v = line.substring("panic: ".length());
            if (v.endsWith(" [recovered, repanicked]")) {
                out.add(value(v.substring(0, v.length() - " [recovered, repanicked]".length())) + " [recovered]");
            } else if (v.endsWith(" [recovered]")) {
                out.add(value(v.substring(0, v.length() - " [recovered]".length())) + " [recovered]");
            } else {
                out.add(value(v));
            }
        }
        return collapse(out);
    }

    /** Keeps the oldest line of each run of lines with the same value (see the class comment). */
    static List<String> collapse(List<String> lines) {
        List<String> out = new ArrayList<>();
        String previous = null;
        for (String l : lines) {
            String value = l.endsWith(" [recovered]") ? l.substring(0, l.length() - " [recovered]".length()) : l;
            if (!value.equals(previous)) {
                out.add(l);
            }
            previous = value;
        }
        return out;
    }

    private static String value(String v) {
        if (v.contains("divide by zero") || v.startsWith("java.lang.ArithmeticException")) {
            return "runtime:divide";
        }
        if (v.contains("index out of range") || v.startsWith("java.lang.ArrayIndexOutOfBoundsException")) {
            return "runtime:index";
        }
        if (v.contains("nil map") || v.contains("nil pointer") || v.startsWith("java.lang.NullPointerException")) {
            return "runtime:nil";
        }
        return v;
    }

    /** One line describing how this outcome differs from {@code expected}, or null if it does not. */
    String difference(Outcome expected) {
        if (exit != expected.exit) {
            return "exit status " + exitText(exit) + ", Go " + exitText(expected.exit);
        }
        if (!stdout.equals(expected.stdout)) {
            String[] a = stdout.split("\n", -1);
            String[] b = expected.stdout.split("\n", -1);
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            return "stdout line " + (i + 1) + ": " + (i < a.length ? "'" + a[i] + "'" : "<end>") + ", Go "
                    + (i < b.length ? "'" + b[i] + "'" : "<end>");
        }
        if (!collapse(panics).equals(collapse(expected.panics))) {
            return "panic lines " + panics + ", Go " + expected.panics;
        }
        return null;
    }

    private static String exitText(int exit) {
        return exit == TIMEOUT ? "<timed out>" : Integer.toString(exit);
    }

    /** The record form in corpus files and run.sh's results. */
    String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(stdout);
        sb.append("-- exit ").append(exit).append('\n');
        for (String p : panics) {
            sb.append("-- panic ").append(p).append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #format()}'s lines. */
    static Outcome parse(List<String> lines) {
        StringBuilder out = new StringBuilder();
        int exit = 0;
        List<String> panics = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("-- exit ")) {
                exit = Integer.parseInt(l.substring("-- exit ".length()));
            } else if (l.startsWith("-- panic ")) {
                panics.add(l.substring("-- panic ".length()));
            } else {
                out.append(l).append('\n');
            }
        }
        return new Outcome(out.toString(), exit, List.copyOf(panics));
    }
}
