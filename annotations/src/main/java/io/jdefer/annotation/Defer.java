package io.jdefer.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the annotated method a <em>defer frame</em>, like every Go function: cleanup registered
 * inside it with {@code Go.defer(...)} runs last-in-first-out when the method exits.
 *
 * <pre>{@code
 * @Defer
 * String firstLine(Path p) throws IOException {
 *     BufferedReader in = Files.newBufferedReader(p);
 *     defer(BufferedReader::close, in);   // Go: defer in.Close()
 *     return in.readLine();
 * }
 * }</pre>
 *
 * This guarantees:
 * <ul>
 *   <li>deferred actions run in reverse order of registration, each exactly once, however many
 *       there are (a {@code defer} in a loop registers one per iteration);</li>
 *   <li>they run on every exit: a normal return, any {@code Throwable} (a <em>panic</em>), and
 *       {@code Go.goexit()}; they do not run on {@code System.exit} or {@code Runtime.halt};</li>
 *   <li>{@code return v} stores {@code v} in the frame's result slot <em>before</em> the deferred
 *       actions run, and the method returns what the slot holds after the last one, so a
 *       deferred {@code Go.setResult(...)} rewrites the result (Go's named results);</li>
 *   <li>a deferred action that calls {@code Go.recover()} directly stops a panic; the method then
 *       returns normally with its result slot (the zero value if nothing was stored);</li>
 *   <li>a throwable thrown by a deferred action starts a new panic that replaces the current
 *       one (the old one is attached to it with {@code addSuppressed}); the remaining deferred
 *       actions still run.</li>
 * </ul>
 *
 * <p><b>Important</b>: the annotation only takes effect in a class rewritten by the jdefer agent
 * ({@code -javaagent:jdefer-agent.jar}) or by build-time weaving. A {@code Go.defer} in a method
 * that was not rewritten fails with an {@code IllegalStateException} that names the method; it
 * never binds silently to some other frame. Without any bytecode rewriting, use
 * {@code Go.run(() -> ...)} or {@code Go.call(() -> ...)} instead.
 *
 * <p><b>Note</b>: a lambda body that calls {@code Go.defer} is a frame of its own (Go binds
 * {@code defer} to the innermost function literal); it needs no annotation, and cannot carry one.
 *
 * <p>Not rewritten, with a warning from the agent: constructors, abstract and native methods.
 *
 * @see Recover
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Defer {
}
