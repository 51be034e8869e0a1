package io.jdefer.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code Premain-Class} and {@code Agent-Class} of the jdefer agent.
 * <ul>
 *   <li>Do as little as possible here: parse the options and hand over to {@link Installer}.</li>
 *   <li>Do not store any static data in this class.</li>
 *   <li>Never let the application die of the agent: failures are printed, not thrown.</li>
 * </ul>
 */
public final class JdeferAgent {
    private JdeferAgent() {
        throw new AssertionError();
    }

    /**
     * Entry point for {@code -javaagent:jdefer-agent.jar[=options]}.
     *
     * @param args the options
     * @param inst the instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        Installer.install(args, inst, false);
    }

    /**
     * Entry point for late attach: also rewrites the already-loaded classes that hold frames.
     *
     * @param args the options
     * @param inst the instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        Installer.install(args, inst, true);
    }
}
