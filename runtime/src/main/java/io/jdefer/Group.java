package io.jdefer;

import io.jdefer.internal.Goroutines;
import io.jdefer.internal.Throwables;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Goroutines whose panics come back to the one who waits for them: Go's {@code errgroup.Group} /
 * {@code sync.WaitGroup.Go}, with panic propagation (docs/semantics.md rule 16).
 *
 * <pre>{@code
 * Group g = new Group();
 * for (String url : urls) {
 *     g.go(() -> fetch(url));        // each on its own virtual thread, as a frame
 * }
 * g.await();                         // waits for all; rethrows the first failure here
 * }</pre>
 *
 * This guarantees:
 * <ul>
 *   <li>{@link #await()} returns only after every member finished, including members started by
 *       members while it waited;</li>
 *   <li>the first throwable (panic) that escaped a member is rethrown by {@code await()} in the
 *       waiter's thread, unchanged, with the later ones attached by {@code addSuppressed}; so the
 *       waiter's frames can {@code recover} it. Members' panics never reach the uncaught-panic
 *       handler;</li>
 *   <li>a member that calls {@code Go.goexit()} simply finishes;</li>
 *   <li>a group is used once: {@link #go} after {@code await()} returned fails.</li>
 * </ul>
 */
public final class Group {
    private final Object lock = new Object();
    /** Runs the members; null: a new virtual thread each. */
    private final Executor executor;
    private int running;
    private boolean awaited;
    private Throwable first;

    /** Creates an empty group whose members each run on a new virtual thread. */
    public Group() {
        this.executor = null;
    }

    /**
     * Creates an empty group whose members run on {@code executor}: the way to carry the
     * starter's context (MDC, tracing spans, security) into the members, with an executor that
     * captures it when a task is submitted, e.g. OpenTelemetry's
     * {@code Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor())}. Members started
     * by members use it too. Each member is still a goroutine of its own (frames, panics and
     * recover stay in it, its panic comes back through {@link #await()}); the executor should give
     * each member a thread of its own, since a member blocked on another member waits forever on a
     * pool that has no thread left.
     *
     * @param executor runs the members; the group does not shut it down
     * @throws NullPointerException if executor is null
     */
    public Group(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "new Group(null): pass the Executor to run the members"
                + " on, or use new Group() for a new virtual thread per member");
    }

    /**
     * Starts {@code body} as a frame on a new virtual thread (or on the group's executor) that
     * belongs to this group.
     *
     * @param body the member's body
     * @throws NullPointerException if body is null (Go: go of nil func value)
     * @throws IllegalStateException if {@link #await()} already returned
     * @throws java.util.concurrent.RejectedExecutionException if the group's executor refuses the
     *         member: it never runs and does not count as a member
     */
    public void go(Action body) {
        Objects.requireNonNull(body, "Group.go(null): go of nil func value; pass the member's body");
        synchronized (lock) {
            if (awaited) {
                throw new IllegalStateException("Group.go after await() returned: a Group is finished once"
                        + " awaited; create a new Group for another round of goroutines");
            }
            running++;
        }
        if (executor != null) {
            Goroutines.goMember(executor, body, this::exited);
            return;
        }
        boolean started = false;
        try {
            Goroutines.goMember(body, this::exited);
            started = true;
        } finally {
            if (!started) {
                exited(null);
            }
        }
    }

    private void exited(Throwable escaped) {
        synchronized (lock) {
            if (escaped != null) {
                if (first == null) {
                    first = escaped;
                } else if (escaped != first) {
                    Throwables.attachSuppressedOnce(first, escaped);
                }
            }
            if (--running == 0) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits for every member, then rethrows the first throwable that escaped one of them.
     *
     * @throws InterruptedException if interrupted while waiting (members keep running)
     */
    public void await() throws InterruptedException {
        Throwable failure;
        synchronized (lock) {
            while (running > 0) {
                lock.wait();
            }
            awaited = true;
            failure = first;
        }
        if (failure != null) {
            throw Throwables.sneaky(failure);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Group[running=" + running + (awaited ? ", awaited" : "") + (first != null ? ", failed: " + first : "") + "]";
        }
    }
}
