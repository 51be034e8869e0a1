package io.jdefer.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The class-file transformer: filters by name and by a byte scan, then hands classes that may hold
 * frames to its {@link ClassRewriter}. Never throws: a class that fails is left as it was and
 * reported to the rewriter's listener (docs/architecture.md, "The agent").
 */
final class DeferTransformer implements ClassFileTransformer {
    private final ClassRewriter rewriter;

    DeferTransformer(ClassRewriter rewriter) {
        this.rewriter = rewriter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            // The agent's own classes (and its shaded ASM) first, by a plain string test: the agent
            // loads its classes lazily, at the first class that mentions jdefer, so an application
            // that does not use jdefer never loads ASM; and a transform running while RuntimeAbi
            // itself is being loaded must not touch RuntimeAbi (it would be defined twice).
            if (className == null || loader == null || className.startsWith("io/jdefer/agent/")
                    || RuntimeAbi.isIgnored(className)
                    || !ClassRewriter.mayHoldFrames(classfileBuffer)) {
                return null;
            }
            return rewriter.rewrite(classfileBuffer, loader, classBeingRedefined == null);
        } catch (Throwable t) {
            // Anything, StackOverflowError included (a class loaded near the stack limit): a
            // Throwable escaping a transformer makes JPLIS print 'ASSERTION FAILED
            // "!errorOutstanding"' and lose the class load's own error state.
            report(className, t);
            return null;
        }
    }

    private void report(String className, Throwable t) {
        try {
            rewriter.listener().onError(className == null ? "(unnamed class)" : className.replace('/', '.'), t);
        } catch (Throwable ignored) {
            // reporting itself may overflow the same stack; the class stays as it was either way
        }
    }
}
