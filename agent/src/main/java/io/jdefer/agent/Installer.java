package io.jdefer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/** Installs the transformer; on late attach, retransforms the loaded classes that hold frames. */
final class Installer {
    private Installer() {
        throw new AssertionError();
    }

    /**
     * The records tier reaches the runtime as a system property for the same reason as the trace
     * mode: the runtime reads it when it first loads, in the application's loader, which the agent
     * never touches.
     */
    private static final String RECORDS_PROPERTY = "jdefer.records";
    private static final String TRACE_PROPERTY = "jdefer.trace";
    /** Set once installed, so that a second attach does not rewrite frames twice; Go.requireAgent() reads it. */
    private static final String INSTALLED_PROPERTY = "io.jdefer.agent.installed";

    static void install(String args, Instrumentation inst, boolean lateAttach) {
        try {
            AgentOptions options;
            try {
                options = AgentOptions.parse(args);
            } catch (IllegalArgumentException e) {
                Log.warn("agent not installed: " + e.getMessage() + " (options were '" + args + "')");
                System.err.println(AgentOptions.USAGE);
                return;
            }
            if (options.help()) {
                System.err.println(AgentOptions.USAGE);
                return;
            }
            if (System.getProperty(INSTALLED_PROPERTY) != null) {
                Log.warn("agent already installed in this JVM; the second attach does nothing");
                return;
            }
            selectRecords(options, inst, lateAttach);
            // The rewrite's configuration is fixed here, once; the runtime learns the trace mode from
            // the system property, because the agent never loads the runtime (its classes belong to
            // the application's loader) and a property is the one channel both sides see.
            boolean traceProperty = Boolean.getBoolean(TRACE_PROPERTY);
            if (options.trace()) {
                System.setProperty(TRACE_PROPERTY, "true");
            }
            Log log = new Log(options.verbose());
            ClassRewriter rewriter = new ClassRewriter(RewriteConfig.forAgent(options, traceProperty), log);
            inst.addTransformer(new DeferTransformer(rewriter), true);
            if (options.verbose()) {
                log.summaryAtExit();
            }
            System.setProperty(INSTALLED_PROPERTY, "true");
            if (lateAttach) {
                retransformLoaded(inst, log);
            }
        } catch (Throwable t) {
            Log.warn("agent not installed: " + t);
        }
    }

    private static void selectRecords(AgentOptions options, Instrumentation inst, boolean lateAttach) {
        String records = options.records();
        if (records == null) {
            return;
        }
        String given = System.getProperty(RECORDS_PROPERTY);
        if (given != null && !given.isBlank()) {
            if (!given.trim().equalsIgnoreCase(records)) {
                Log.warn("option records=" + records + " ignored: -D" + RECORDS_PROPERTY + "=" + given + " wins");
            }
            return;
        }
        System.setProperty(RECORDS_PROPERTY, records);
        if (lateAttach) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(RuntimeAbi.RECORD_TIER_CLASS)) {
                    Log.warn("option records=" + records + " comes too late: the jdefer runtime already"
                            + " chose its record tier; pass -D" + RECORDS_PROPERTY + "=" + records + " instead");
                    break;
                }
            }
        }
    }

    /** Late attach: classes loaded before the agent never went through the transformer. */
    private static void retransformLoaded(Instrumentation inst, Log log) {
        if (!inst.isRetransformClassesSupported()) {
            Log.warn("this JVM cannot retransform classes: classes loaded before the agent keep their"
                    + " @Defer methods unrewritten (they fail on their first Go.defer)");
            return;
        }
        List<Class<?>> todo = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) {
                continue;
            }
            ClassLoader loader = c.getClassLoader();
            String name = c.getName().replace('.', '/');
            if (loader == null || RuntimeAbi.isIgnored(name)) {
                continue;
            }
            byte[] bytes = read(loader, name + ".class");
            if (bytes != null && ClassRewriter.mayHoldFrames(bytes)) {
                todo.add(c);
            }
        }
        for (Class<?> c : todo) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                Log.warn("class " + c.getName() + " loaded before the agent could not be rewritten: " + t);
            }
        }
        if (log.verbose()) {
            Log.info("late attach: retransformed " + todo.size() + " loaded class(es)");
        }
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
