package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;

import io.jdefer.annotation.Defer;

/**
 * Sample 06: a deferred action that throws starts a new panic, which replaces the old one.
 *
 * <p>Cleanup can fail too. When a deferred action throws, that throwable is a new panic: the
 * remaining deferred actions still run, and if a panic was already unwinding the new one
 * replaces it. {@code recover()} then sees the new one. Nothing is lost: the replaced panic is
 * attached to the new one with {@code addSuppressed}, as try-with-resources does for a failing
 * {@code close()}.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func run() {
 *     defer func() { fmt.Println("recovered:", recover()) }()
 *     defer fmt.Println("the other deferred actions still run")
 *     defer func() { panic("second: cleanup failed") }()
 *     panic("first: bad input")
 * }
 * }</pre>
 * Go prints {@code recovered: second: cleanup failed}; the first panic is "aborted" and only a
 * crash report would mention it. Java keeps it in {@code getSuppressed()}.
 */
public class Sample06PanicInDeferredAction {

    @Defer
    static void run() {
        defer(() -> {
            Object r = recover();
            System.out.println("recovered: " + r);
            if (r instanceof Throwable t) {
                for (Throwable replaced : t.getSuppressed()) {
                    System.out.println("  it carries the panic it replaced: " + replaced);
                }
            }
        });
        defer(System.out::println, "the other deferred actions still run");
        defer(() -> {
            throw new IllegalStateException("second: cleanup failed");
        });
        System.out.println("run: throwing the first panic");
        throw new IllegalArgumentException("first: bad input");
    }

    public static void main(String[] args) {
        run();
        System.out.println("run() returned normally");
    }

/* EXPECTED OUTPUT
run: throwing the first panic
the other deferred actions still run
recovered: java.lang.IllegalStateException: second: cleanup failed
  it carries the panic it replaced: java.lang.IllegalArgumentException: first: bad input
run() returned normally
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample06PanicInDeferredAction
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample06PanicInDeferredAction
 */
}
