package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import io.jdefer.Panic;
import io.jdefer.annotation.Defer;

/**
 * Sample 11: {@code recover()} works only when the deferred action itself calls it.
 *
 * <p>Go's rule: "recover returns nil if it was not called directly by a deferred function". A
 * method reference to a handler is Go's {@code defer handler()}: the handler <em>is</em> the
 * deferred action, so its {@code recover()} stops the panic. A lambda that calls the same handler
 * is Go's {@code defer func() { handler() }()}: the handler is a helper one call further away,
 * its {@code recover()} returns null, and the panic goes on.
 *
 * <p>The rule keeps recovery explicit: a library function that happens to call {@code recover()}
 * cannot swallow a panic just because it ran during one.
 *
 * <p>The Go program this mirrors (Go spec, "Handling panics"; test/recover.go):
 * <pre>{@code
 * func handler() { fmt.Println("handler: recover() =", recover()) }
 *
 * func direct()   { defer handler();             panic("boom") }   // recovered
 * func indirect() { defer func() { handler() }(); panic("boom") }   // not recovered
 * }</pre>
 */
public class Sample11RecoverOnlyDirectly {

    static void handler() {
        System.out.println("  handler: recover() = " + recover());
    }

    @Defer
    static void direct() {
        defer(Sample11RecoverOnlyDirectly::handler);
        throw panic("boom");
    }

    @Defer
    static void indirect() {
        defer(() -> handler());
        throw panic("boom");
    }

    public static void main(String[] args) {
        System.out.println("direct(): defer(Sample11RecoverOnlyDirectly::handler)");
        direct();
        System.out.println("  direct() returned normally");
        System.out.println("indirect(): defer(() -> handler())");
        try {
            indirect();
        } catch (Panic p) {
            System.out.println("  the panic went on to the caller: " + p.value());
        }
    }

/* EXPECTED OUTPUT
direct(): defer(Sample11RecoverOnlyDirectly::handler)
  handler: recover() = boom
  direct() returned normally
indirect(): defer(() -> handler())
  handler: recover() = null
  the panic went on to the caller: boom
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample11RecoverOnlyDirectly
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample11RecoverOnlyDirectly
 */
}
