package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.result;
import static io.jdefer.Go.setResult;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.io.IOException;

/**
 * Sample 05: deferred actions can read and rewrite the method's result (Go's named results).
 *
 * <p>Every frame has a result slot. {@code return v} stores {@code v} in it <em>before</em> the
 * deferred actions run; a deferred action reads it with {@code Go.result()} and replaces it with
 * {@code Go.setResult(...)}; the method returns what the slot holds after the last action.
 *
 * <p>{@code Go.result()} and {@code Go.setResult} must be called by the deferred action itself
 * (or the body), not by a helper it calls: the helper is not the frame's code.
 *
 * <p>The classic use is error handling at the exit: a {@code close()} that fails after a
 * successful write must turn the result into a failure, and must not hide an earlier one.
 *
 * <p>The Go program this mirrors (Go spec, "Defer statements", and the Go blog):
 * <pre>{@code
 * func c() (i int) {
 *     defer func() { i++ }()
 *     return 1                    // returns 2
 * }
 *
 * func f() (result int) {
 *     defer func() { result *= 7 }()
 *     return 6                    // returns 42
 * }
 *
 * func save(failClose bool) (err string) {
 *     defer func() {
 *         if cerr := closeFile(failClose); cerr != "" && err == "" {
 *             err = cerr          // report the close error, unless there was one already
 *         }
 *     }()
 *     return ""                   // "" means: written fine
 * }
 * }</pre>
 */
public class Sample05RewriteResult {

    @Defer
    static int c() {
        defer(() -> setResult(Go.<Integer>result() + 1));
        return 1;
    }

    @Defer
    static int f() {
        defer(() -> setResult(Go.<Integer>result() * 7));
        return 6;
    }

    @Defer
    static String save(boolean failClose) {
        defer(fail -> {
            String closeError = closeFile(fail);
            if (closeError != null && result() == null) {
                setResult(closeError);
            }
        }, failClose);
        System.out.println("  writing, then returning null (no error)");
        return null;
    }

    static String closeFile(boolean fail) {
        try {
            if (fail) {
                throw new IOException("disk full while flushing");
            }
            return null;
        } catch (IOException e) {
            return "close failed: " + e.getMessage();
        }
    }

    public static void main(String[] args) {
        System.out.println("c() = " + c());
        System.out.println("f() = " + f());
        System.out.println("save(false):");
        System.out.println("  -> " + save(false));
        System.out.println("save(true):");
        System.out.println("  -> " + save(true));
    }

/* EXPECTED OUTPUT
c() = 2
f() = 42
save(false):
  writing, then returning null (no error)
  -> null
save(true):
  writing, then returning null (no error)
  -> close failed: disk full while flushing
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample05RewriteResult
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample05RewriteResult
 */
}
