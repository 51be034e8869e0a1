package io.jdefer.samples;

import static io.jdefer.Go.defer;

import io.jdefer.annotation.Defer;

/**
 * Sample 03: arguments are evaluated when {@code defer} runs, not when the action does.
 *
 * <p>{@code defer(action, arg)} is Go's {@code defer f(x)}: {@code x} is evaluated at the
 * {@code defer} statement and saved with the action. Changing the variable afterwards does not
 * change what the action receives.
 *
 * <p>A deferred closure is different: it reads its variables when it runs. In Go a closure sees
 * the variable itself; a Java lambda can only capture effectively final variables, so the Java
 * way to say "read the latest value at exit" is to read a mutable holder (here a one-element
 * array, as {@code AtomicInteger} or a field would do).
 *
 * <p>The Go program this mirrors (Go blog, "Defer, Panic, and Recover", rule 1):
 * <pre>{@code
 * func a() {
 *     i := 0
 *     defer fmt.Println("defer f(i) saw", i)                      // 0: evaluated now
 *     defer func() { fmt.Println("deferred closure sees", i) }()   // 1: read at exit
 *     i++
 *     fmt.Println("returning with i =", i)
 * }
 * }</pre>
 */
public class Sample03ArgsEvaluatedAtDefer {

    @Defer
    static void a() {
        int[] i = {0};
        defer(v -> System.out.println("defer f(i) saw " + v), i[0]);
        defer(() -> System.out.println("deferred closure sees " + i[0]));
        i[0]++;
        System.out.println("returning with i = " + i[0]);
    }

    public static void main(String[] args) {
        a();
    }

/* EXPECTED OUTPUT
returning with i = 1
deferred closure sees 1
defer f(i) saw 0
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample03ArgsEvaluatedAtDefer
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample03ArgsEvaluatedAtDefer
 */
}
