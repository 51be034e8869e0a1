package io.jdefer.internal;

import java.lang.invoke.MethodHandles;

/**
 * Entry points that only code rewritten by the jdefer agent calls. Not API: the agent emits
 * calls to these by name, so keep names and descriptors stable.
 */
public final class AgentSupport {
    private AgentSupport() {
        throw new AssertionError();
    }

    /**
     * Bootstrap of the {@code ldc} constant that an {@code @Recover(types)} frame registers on
     * entry: the JVM resolves it once per call site, so the rewritten class needs no field.
     *
     * @param lookup the rewritten class's lookup (unused)
     * @param name the constant's name (unused)
     * @param type {@code ImplicitRecover.class}
     * @param types the {@code @Recover} types
     * @return the shared implicit recover for those types
     */
    public static ImplicitRecover implicitRecover(MethodHandles.Lookup lookup, String name, Class<?> type,
            Class<?>... types) {
        return ImplicitRecover.of(types);
    }
}
