package io.jdefer.internal;

import java.util.Arrays;

/**
 * The implicit recover of an {@code @Recover} frame: the agent registers it first on entry, so it
 * runs after every other deferred action of the frame (docs/semantics.md rule 9). It is a deferred
 * call that recovers directly, recognised by {@link PanicDeferredCall} without any
 * stack walk.
 */
public final class ImplicitRecover {
    /** {@code @Recover} with the default: every Throwable. */
    public static final ImplicitRecover ANY = new ImplicitRecover(new Class<?>[] {Throwable.class});

    private final Class<?>[] types;

    private ImplicitRecover(Class<?>[] types) {
        this.types = types;
    }

    /**
     * The implicit recover for {@code @Recover(types)}.
     *
     * @param types the throwable types to recover; empty recovers nothing
     * @return a shareable instance
     */
    public static ImplicitRecover of(Class<?>... types) {
        if (types.length == 1 && types[0] == Throwable.class) {
            return ANY;
        }
        for (Class<?> t : types) {
            if (!Throwable.class.isAssignableFrom(t)) {
                throw new IllegalArgumentException("@Recover(" + t.getName()
                        + ".class): not a Throwable type; list exception types, e.g."
                        + " @Recover(IllegalArgumentException.class)");
            }
        }
        return new ImplicitRecover(types.clone());
    }

    /**
     * Registers this recover in the running frame; the agent calls it first thing on entry.
     *
     * @param g the current goroutine
     */
    public void register(GoroutineState g) {
        g.push(this, GoroutineState.NO_ARG);
    }

    boolean matches(Throwable t) {
        for (Class<?> c : types) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "@Recover" + Arrays.toString(Arrays.stream(types).map(Class::getSimpleName).toArray());
    }
}
