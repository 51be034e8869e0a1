package io.jdefer;

/**
 * A deferred action taking one argument that was evaluated when {@code Go.defer(action, arg)} was
 * called: Go's {@code defer f(x)}. A method reference such as {@code InputStream::close} needs no
 * allocation per {@code defer}.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface ActionWith<T> {
    /**
     * Runs the action with the argument saved at registration.
     *
     * @param arg the argument, as evaluated when the action was deferred
     * @throws Exception anything; it becomes a panic of the frame that runs the action
     */
    void accept(T arg) throws Exception;
}
