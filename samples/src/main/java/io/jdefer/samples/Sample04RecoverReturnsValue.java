package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;

/**
 * Sample 04: {@code recover()} stops a panic and returns its value.
 *
 * <p>Any throwable leaving a frame is a <em>panic</em>. While it unwinds, the frame's deferred
 * actions run; one of them may call {@code recover()}, which stops the panic and returns its
 * value: the throwable itself, or for {@code panic(v)} with a non-throwable {@code v}, that
 * {@code v} ({@code Panic.value()}). The method then returns normally, with its result slot:
 * what a deferred {@code setResult} stored, else the zero value (null, 0, false).
 *
 * <p>{@code recover()} returns null when nothing is panicking, and when it is not called directly
 * by a deferred action (Sample 11).
 *
 * <p>{@code @Recover} is the short form: a frame with an implicit recover after its deferred
 * actions; the method returns its zero value (or what {@code setResult} stored) after a panic.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func safeDiv(a, b int) (res string) {
 *     defer func() {
 *         if r := recover(); r != nil {
 *             res = fmt.Sprint("recovered: ", r)
 *         }
 *     }()
 *     return fmt.Sprint("quotient ", a/b)
 * }
 *
 * func mustBePositive(n int) (res string) {
 *     defer func() {
 *         r := recover()
 *         res = fmt.Sprintf("recovered a %T: %v", r, r)
 *     }()
 *     if n <= 0 { panic("not positive") }
 *     return "fine"
 * }
 *
 * func parsePort(s string) int {   // @Recover: zero value on panic
 *     defer func() { recover() }()
 *     return mustAtoi(s)
 * }
 * }</pre>
 */
public class Sample04RecoverReturnsValue {

    @Defer
    static String safeDiv(int a, int b) {
        defer(() -> {
            Object r = recover();
            if (r != null) {
                setResult("recovered: " + r);
            }
        });
        return "quotient " + (a / b);
    }

    @Defer
    static String mustBePositive(int n) {
        defer(() -> {
            Object r = recover();
            if (r != null) {
                setResult("recovered a " + r.getClass().getSimpleName() + ": " + r);
            }
        });
        if (n <= 0) {
            throw panic("not positive");
        }
        return "fine";
    }

    @Recover
    static int parsePort(String s) {
        return Integer.parseInt(s);
    }

    public static void main(String[] args) {
        System.out.println("recover() when nothing panics: " + recover());
        System.out.println("safeDiv(84, 2) = " + safeDiv(84, 2));
        System.out.println("safeDiv(1, 0) = " + safeDiv(1, 0));
        System.out.println("mustBePositive(1) = " + mustBePositive(1));
        System.out.println("mustBePositive(-1) = " + mustBePositive(-1));
        System.out.println("parsePort(\"8080\") = " + parsePort("8080"));
        System.out.println("parsePort(\"http\") = " + parsePort("http") + " (the zero value)");
    }

/* EXPECTED OUTPUT
recover() when nothing panics: null
safeDiv(84, 2) = quotient 42
safeDiv(1, 0) = recovered: java.lang.ArithmeticException: / by zero
mustBePositive(1) = fine
mustBePositive(-1) = recovered a String: not positive
parsePort("8080") = 8080
parsePort("http") = 0 (the zero value)
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample04RecoverReturnsValue
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample04RecoverReturnsValue
 */
}
