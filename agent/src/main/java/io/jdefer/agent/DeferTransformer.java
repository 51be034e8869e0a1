package io.jdefer.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The class-file transformer: filters by name and by a byte scan, then hands classes that may hold
 * frames to {@link ClassRewriter}. Never throws: a class that fails is left as it was, with one
 * warning line naming it and why (docs/architecture.md, "The agent").
 */
final class DeferTransformer implements ClassFileTransformer {
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger scanned = new AtomicInteger();
    private final AtomicInteger rewritten = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Option vet=warn: findings already printed, so each site is reported once. */
    private final java.util.Set<String> vetted;

    DeferTransformer(boolean vetWarn) {
        this.vetted = vetWarn ? java.util.concurrent.ConcurrentHashMap.newKeySet() : null;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        seen.incrementAndGet();
        // The agent's own classes (and its shaded ASM) first, by a plain string test: the agent
        // loads its classes lazily, at the first class that mentions jdefer, so an application
        // that does not use jdefer never loads ASM; and a transform running while RuntimeAbi itself
        // is being loaded must not touch RuntimeAbi (it would be defined twice).
        if (className == null || loader == null || className.startsWith("io/jdefer/agent/")
                || RuntimeAbi.isIgnored(className)
                || !ClassRewriter.mayHoldFrames(classfileBuffer)) {
            return null;
        }
        scanned.incrementAndGet();
        if (vetted != null && classBeingRedefined == null) {
            vet(classfileBuffer);
        }
        try {
            byte[] out = ClassRewriter.rewrite(classfileBuffer,
                    line -> Log.warn(line), loader);
            if (out != null) {
                rewritten.incrementAndGet();
                if (Log.verbose()) {
                    Log.info("rewrote " + className.replace('/', '.'));
                }
            }
            return out;
        } catch (Throwable t) {
            failed.incrementAndGet();
            Log.warn("class " + className.replace('/', '.') + " left untouched: " + describe(t)
                    + "; its @Defer/@Recover methods and Go.defer calls will fail when they run");
            return null;
        }
    }

    /** With {@code verbose=true}: one summary line when the JVM exits. */
    void reportAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Log.info("summary: " + seen.get()
                + " classes seen, " + scanned.get() + " mention jdefer, " + rewritten.get() + " rewritten, "
                + failed.get() + " failed to transform"), "jdefer-agent-summary"));
    }

    private void vet(byte[] bytes) {
        try {
            for (io.jdefer.agent.vet.Vet.Finding f : io.jdefer.agent.vet.Vet.analyzeAtLoad(bytes)) {
                String line = f.toString();
                if (vetted.add(line)) {
                    Log.warn("vet: " + line);
                }
            }
        } catch (RuntimeException e) {
            // the rewrite below reports a class it cannot read
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
