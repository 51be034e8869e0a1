package io.jdefer;

/**
 * A deferred action, a goroutine body or a frame body: Go's {@code func()}. It may throw any
 * exception; a throwable leaving it is a panic.
 */
@FunctionalInterface
public interface Action {
    /**
     * Runs the action.
     *
     * @throws Exception anything; it becomes a panic of the frame that runs the action
     */
    void run() throws Exception;
}
