package com.example.inventory;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.result;
import static io.jdefer.Go.setResult;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.List;

/**
 * What an application writes: {@code @Defer} and {@code @Recover} methods. Not one of them works
 * unless the agent or build-time weaving rewrote the class: an unrewritten {@code defer} fails with
 * an {@code IllegalStateException}, an unrewritten {@code @Recover} recovers nothing.
 */
public class Inventory {
    private final List<String> log = new ArrayList<>();

    public List<String> log() {
        return log;
    }

    /** Deferred actions run last in, first out, on return and on a panic. */
    @Defer
    public String take(String item) {
        log.add("lock");
        defer(() -> log.add("unlock"));
        defer(log::add, "audit " + item);           // the argument is evaluated now
        if (item.isEmpty()) {
            throw panic("empty item");
        }
        log.add("take " + item);
        return item;
    }

    /** A panic (here a NumberFormatException) is recovered; the method returns its zero value. */
    @Recover
    public int count(String text) {
        defer(() -> log.add("counted"));
        return Integer.parseInt(text);
    }

    /** Go's named results: {@code return 6} with a deferred {@code result *= 7} returns 42. */
    @Defer
    public int answer() {
        defer(() -> setResult(result() instanceof Integer i ? i * 7 : -1));
        return 6;
    }
}
