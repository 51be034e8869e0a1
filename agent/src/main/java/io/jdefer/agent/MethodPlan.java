package io.jdefer.agent;

import java.util.List;
import org.objectweb.asm.Type;

/**
 * One method the agent turns into a defer frame.
 *
 * @param owner internal name of the declaring class
 * @param access the method's access flags
 * @param name the method name
 * @param descriptor the method descriptor
 * @param recover annotated {@code @Recover}: an implicit recover is registered on entry
 * @param recoverTypes the {@code @Recover} types, or null for the default (every Throwable)
 */
record MethodPlan(String owner, int access, String name, String descriptor, boolean recover,
        List<Type> recoverTypes) {
}
