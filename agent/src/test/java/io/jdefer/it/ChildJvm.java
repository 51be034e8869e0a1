package io.jdefer.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a fresh JVM (the JDK running the tests) and collects its output. */
final class ChildJvm {
    private ChildJvm() {
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static String agentJar() {
        String jar = System.getProperty("jdefer.agent.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("-Djdefer.agent.jar must name the built agent jar, got " + jar);
        }
        return jar;
    }

    static Result run(List<String> jvmArgs, String extraClassPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(jvmArgs);
        if (mainClass != null) {
            String cp = System.getProperty("java.class.path");
            cmd.add("-cp");
            cmd.add(extraClassPath == null ? cp : extraClassPath + File.pathSeparator + cp);
            cmd.add(mainClass);
        }
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
