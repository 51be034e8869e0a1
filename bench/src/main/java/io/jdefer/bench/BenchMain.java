package io.jdefer.bench;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The benchmarks jar's main class: checks that the agent jar the jdefer forks attach
 * ({@link AgentJar#PATH}) exists and is an agent, then hands every argument to JMH's own
 * {@code org.openjdk.jmh.Main}. Without the check a missing agent would show up later, as a fork
 * that dies with "Error opening zip file or JAR manifest missing" for every jdefer benchmark.
 */
public final class BenchMain {
    private BenchMain() {
        throw new AssertionError("no instances");
    }

    /** JMH options that only list or explain things and start no fork. */
    private static final List<String> NO_FORK = List.of("-h", "-l", "-lp", "-lprof", "-lrf");

    /**
     * Runs JMH after checking the agent jar.
     *
     * @param args JMH's command line, unchanged
     * @throws Exception what JMH throws
     */
    public static void main(String[] args) throws Exception {
        boolean forks = true;
        for (String a : args) {
            if (NO_FORK.contains(a)) {
                forks = false;
            }
        }
        String problem = forks ? agentProblem(new File(AgentJar.PATH)) : null;
        if (problem != null && !Boolean.getBoolean("jdefer.bench.withoutAgent")) {
            System.err.println("jdefer bench: " + problem + ".\n"
                    + "The jdefer benchmark classes attach it with @Fork(jvmArgsAppend = \""
                    + AgentJar.JAVAAGENT + "\") (the path is fixed when bench is built).\n"
                    + "Build it first, from the repository root:  mvn -B -pl agent,bench -am package -DskipTests\n"
                    + "(To run only the baseline benchmarks anyway: java -Djdefer.bench.withoutAgent=true -jar ...)");
            System.exit(2);
        }
        org.openjdk.jmh.Main.main(args);
    }

    /** Null if {@code jar} is a java agent, else what is wrong with it. */
    static String agentProblem(File jar) {
        if (!jar.isFile()) {
            return "the jdefer agent jar " + jar + " does not exist";
        }
        try (JarFile j = new JarFile(jar)) {
            Manifest m = j.getManifest();
            if (m == null || m.getMainAttributes().getValue("Premain-Class") == null) {
                return "the jdefer agent jar " + jar + " has no Premain-Class in its manifest: it is not"
                        + " a java agent (yet)";
            }
            return null;
        } catch (IOException e) {
            return "the jdefer agent jar " + jar + " cannot be read: " + e;
        }
    }
}
