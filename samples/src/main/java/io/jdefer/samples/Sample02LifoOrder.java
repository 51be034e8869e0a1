package io.jdefer.samples;

import static io.jdefer.Go.defer;

import io.jdefer.annotation.Defer;

/**
 * Sample 02: deferred actions run last-in-first-out.
 *
 * <p>Deferred actions are pushed on a stack: the most recent runs first. That is what makes
 * {@code defer} right for cleanup: a resource opened after another is released before it, as
 * nested try/finally blocks would do, without the nesting.
 *
 * <p>Each frame owns its own actions. {@code inner()} is a frame of its own, so its deferred
 * actions run when {@code inner()} returns, not when {@code outer()} does.
 *
 * <p>The Go program this mirrors (Tour of Go, "Stacking defers"):
 * <pre>{@code
 * func outer() {
 *     fmt.Println("counting")
 *     for i := 0; i < 4; i++ {
 *         defer fmt.Println("outer deferred", i)
 *     }
 *     inner()
 *     fmt.Println("outer done")
 * }
 *
 * func inner() {
 *     defer fmt.Println("inner deferred A")
 *     defer fmt.Println("inner deferred B")
 *     fmt.Println("inner done")
 * }
 * }</pre>
 *
 * <p>(A {@code defer} in a loop is fine for a handful of cheap actions; Sample 10 shows when it
 * is not.)
 */
public class Sample02LifoOrder {

    @Defer
    static void outer() {
        System.out.println("counting");
        for (int i = 0; i < 4; i++) {
            defer(n -> System.out.println("outer deferred " + n), i);
        }
        inner();
        System.out.println("outer done");
    }

    @Defer
    static void inner() {
        defer(System.out::println, "inner deferred A");
        defer(System.out::println, "inner deferred B");
        System.out.println("inner done");
    }

    public static void main(String[] args) {
        outer();
    }

/* EXPECTED OUTPUT
counting
inner done
inner deferred B
inner deferred A
outer done
outer deferred 3
outer deferred 2
outer deferred 1
outer deferred 0
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample02LifoOrder
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample02LifoOrder
 */
}
