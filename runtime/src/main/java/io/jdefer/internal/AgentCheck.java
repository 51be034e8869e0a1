package io.jdefer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * {@code Go.requireAgent()}: is anything going to rewrite the frames of this program? Either the
 * jdefer agent is installed in this JVM, or the caller's class file was rewritten at build time.
 */
public final class AgentCheck {
    private AgentCheck() {
        throw new AssertionError();
    }

    /**
     * Set by the agent once installed. A system property, not a field of this class: in a Spring
     * Boot fat jar (or any child class loader) the application's copy of the runtime is not the
     * one the agent's class loader would see.
     */
    static final String INSTALLED_PROPERTY = "io.jdefer.agent.installed";

    /**
     * Every rewritten frame calls into the goroutine state ({@code GoroutineState.current()}, the
     * exits, open-coding's hand-over), so a woven class file names it in its constant pool, and a
     * class compiled from source never does: user code can only reach {@code io.jdefer.Go}.
     */
    private static final byte[] WOVEN_MARK =
            "io/jdefer/internal/GoroutineState".getBytes(StandardCharsets.US_ASCII);

    /**
     * Throws unless the agent is installed or {@code caller} was woven.
     *
     * @param caller the class that called {@code Go.requireAgent()}
     * @throws IllegalStateException naming what is missing and how to attach or weave
     */
    public static void require(Class<?> caller) {
        if (agentInstalled()) {
            return;
        }
        if (woven(caller)) {
            return;
        }
        String name = caller.getName();
        boolean frames = hasFrameMethods(caller);
        StringBuilder m = new StringBuilder("jdefer is not active: no jdefer agent is attached to this JVM");
        m.append(frames ? " and " + name + " was not woven at build time"
                : " (and " + name + " has no @Defer or @Recover method, so this check cannot tell whether the"
                        + " build wove your classes: call Go.requireAgent() from a class that has one)");
        m.append(". Without either, @Defer and @Recover methods run as plain methods: their Go.defer calls fail"
                + " and @Recover recovers nothing. To fix it, start the JVM with"
                + " -javaagent:path/to/jdefer-agent.jar (before -jar or the main class), or weave the classes"
                + " at build time with byte-buddy-maven-plugin and io.jdefer.weaver.JdeferPlugin (jdefer-weaver)");
        throw new IllegalStateException(m.toString());
    }

    /**
     * Whether the jdefer agent is installed in this JVM.
     *
     * @return true once the agent's premain or agentmain installed its transformer
     */
    public static boolean agentInstalled() {
        return "true".equals(System.getProperty(INSTALLED_PROPERTY));
    }

    private static boolean hasFrameMethods(Class<?> c) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(io.jdefer.annotation.Defer.class)
                        || m.isAnnotationPresent(io.jdefer.annotation.Recover.class)) {
                    return true;
                }
            }
        } catch (LinkageError | SecurityException e) {
            return false;
        }
        return false;
    }

    private static boolean woven(Class<?> c) {
        String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            return in != null && contains(in.readAllBytes(), WOVEN_MARK);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0, last = hay.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
