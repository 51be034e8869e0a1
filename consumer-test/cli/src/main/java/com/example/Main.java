package com.example;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by the README's {@code java -javaagent:...} command lines (class path and module path).
 * Prints one {@code ok} line and exits 0 only if the agent rewrote this class; otherwise the
 * first {@code defer} fails and the exit status is 1.
 */
public class Main {
    static final List<String> log = new ArrayList<>();

    @Defer
    static String deferred() {
        defer(() -> log.add("second"));
        defer(() -> {
            log.add("first");
            log.add("recovered " + recover());
        });
        throw panic("boom");
    }

    @Recover
    static int parse(String s) {
        return Integer.parseInt(s);
    }

    public static void main(String[] args) {
        String result = deferred();
        int zero = parse("not a number");
        List<String> expected = List.of("first", "recovered boom", "second");
        if (result != null || zero != 0 || !log.equals(expected)) {
            System.out.println("FAILED: deferred()=" + result + " parse()=" + zero + " log=" + log
                    + " (expected null, 0, " + expected + ")");
            System.exit(1);
        }
        Module m = Main.class.getModule();
        System.out.println("ok " + (m.isNamed() ? "module " + m.getName() : "class path")
                + ", runtime " + (io.jdefer.Go.class.getModule().isNamed() ? "module " + io.jdefer.Go.class.getModule().getName() : "class path"));
    }
}
