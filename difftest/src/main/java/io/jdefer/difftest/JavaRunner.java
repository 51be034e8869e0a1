package io.jdefer.difftest;

import io.jdefer.Go;
import io.jdefer.weaver.JdeferPlugin;
import io.jdefer.annotation.Defer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The Java side: compiles generated programs (javac in a JVM of its own), optionally weaves them at "build time"
 * with {@link JdeferPlugin} (Byte Buddy's plugin engine, as byte-buddy-maven-plugin runs it), loads
 * them (the agent, when attached, rewrites them as they load) and runs each as {@code Go.main},
 * one after the other in this JVM. An escaped panic does not halt: an uncaught-panic handler
 * records jdefer's crash report and exit status 2.
 */
final class JavaRunner {
    /** The four ways jdefer can run a program; the JVM's agent options must match. */
    enum Config {
        OPENCODED("agent, open-coded defers (default)"),
        POOLED("agent opencoded=false, pooled records"),
        ALLOCATED("agent opencoded=false,records=allocated"),
        WOVEN("build-time woven by JdeferPlugin, no agent");

        final String what;

        Config(String what) {
            this.what = what;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** JVM options for a child JVM running this configuration. */
        List<String> jvmOptions(Path agentJar) {
            List<String> o = new ArrayList<>(List.of("-Xverify:all", "-XX:+EnableDynamicAgentLoading"));
            switch (this) {
                case OPENCODED -> o.add("-javaagent:" + agentJar);
                case POOLED -> o.add("-javaagent:" + agentJar + "=opencoded=false,records=pooled");
                case ALLOCATED -> o.add("-javaagent:" + agentJar + "=opencoded=false,records=allocated");
                case WOVEN -> {
                }
            }
            return o;
        }

        static Config of(String s) {
            for (Config c : values()) {
                if (c.id().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown configuration '" + s + "': use one of opencoded, pooled, allocated, woven");
        }
    }

    private JavaRunner() {
    }

    /** Fails unless this JVM was started the way {@code config} needs (agent attached or not). */
    static void checkJvm(Config config) {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String agent = null;
        for (String a : args) {
            if (a.startsWith("-javaagent:") && a.contains("jdefer-agent")) {
                agent = a;
            }
        }
        boolean wantAgent = config != Config.WOVEN;
        if (wantAgent != (agent != null)) {
            throw new IllegalStateException("configuration " + config.id() + " (" + config.what + ") needs "
                    + (wantAgent ? "the jdefer agent attached" : "no jdefer agent") + "; JVM arguments: " + args);
        }
        if (agent != null) {
            boolean records = agent.contains("opencoded=false");
            boolean allocated = agent.contains("records=allocated");
            if (records != (config != Config.OPENCODED) || allocated != (config == Config.ALLOCATED)) {
                throw new IllegalStateException("configuration " + config.id() + " (" + config.what
                        + ") does not match the agent options in " + agent);
            }
        }
        if (!args.contains("-Xverify:all")) {
            throw new IllegalStateException("run the Java side with -Xverify:all (JVM arguments: " + args + ")");
        }
    }

    /**
     * Compiles {@code sources} (class simple name to source) into {@code out} with the JDK's javac
     * in a JVM of its own (this one may run with -Xverify:all and the agent, which would verify and
     * scan all of javac). Skipped when {@code out} already holds exactly these sources, compiled:
     * the configurations of one build share one compilation.
     */
    static void compile(Map<String, String> sources, Path out) throws IOException {
        Path src = out.resolveSibling(out.getFileName() + "-src");
        Path pkg = src.resolve(JavaRenderer.PACKAGE.replace('.', '/'));
        String stamp = stamp(sources);
        Path stampFile = out.resolve("difftest.stamp");
        if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return;
        }
        deleteTree(out);
        deleteTree(src);
        Files.createDirectories(pkg);
        Files.createDirectories(out);
        StringBuilder argFile = new StringBuilder();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = pkg.resolve(e.getKey() + ".java");
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            argFile.append('"').append(f.toString().replace("\\", "\\\\")).append("\"\n");
        }
        Path files = src.resolve("files.txt");
        Files.writeString(files, argFile);
        String cp = String.join(java.io.File.pathSeparator, location(Go.class), location(Defer.class), location(Rt.class));
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        if (!Files.isExecutable(javac)) {
            throw new IllegalStateException("no javac at " + javac + ": run the Java side on a JDK 21+, not a JRE");
        }
        Path log = src.resolve("javac.log");
        Process p = new ProcessBuilder(javac.toString(), "-J-Xss4m", "-d", out.toString(), "-cp", cp, "--release", "21",
                "-nowarn", "-g", "-proc:none", "-implicit:none", "-encoding", "UTF-8", "@" + files)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the generated programs", e);
        }
        if (exit != 0) {
            throw new IllegalStateException("generated Java did not compile (a generator or renderer bug), sources in " + src
                    + ":\n" + Files.readString(log).lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        }
        Files.writeString(stampFile, stamp);
    }

    private static String stamp(Map<String, String> sources) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : sources.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rewrites the class files in {@code in} with JdeferPlugin into {@code out}, as a build would:
     * in a JVM of its own (a build tool's), run by {@code main("--weave", in, out)}.
     */
    static void weaveInChild(Path in, Path out) throws IOException {
        Path inStamp = in.resolve("difftest.stamp");
        Path outStamp = out.resolve("difftest.stamp");
        if (Files.exists(inStamp) && Files.exists(outStamp) && Files.readString(inStamp).equals(Files.readString(outStamp))) {
            return;
        }
        deleteTree(out);
        Path log = out.resolveSibling(out.getFileName() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), JavaRunner.class.getName(), "--weave", in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("weaving with JdeferPlugin failed:\n" + Files.readString(log));
            }
            if (Files.exists(inStamp)) {
                Files.copy(inStamp, outStamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while weaving", e);
        }
    }

    static void weave(Path in, Path out) throws IOException {
        Files.createDirectories(out);
        ClassFileLocator runtime = ClassFileLocator.ForClassLoader.of(JavaRunner.class.getClassLoader());
        Plugin.Engine.Summary summary = new Plugin.Engine.Default()
                .with(runtime)
                .withErrorHandlers(Plugin.Engine.ErrorHandler.Failing.FAIL_FAST)
                .apply(new Plugin.Engine.Source.ForFolder(in.toFile()), new Plugin.Engine.Target.ForFolder(out.toFile()),
                        new Plugin.Factory.Simple(new JdeferPlugin()));
        if (!summary.getFailed().isEmpty()) {
            throw new IllegalStateException("JdeferPlugin failed on " + summary.getFailed());
        }
    }

    /** Runs the named programs (class simple names) from {@code classes}, in order. */
    static Map<String, Outcome> run(Path classes, List<String> names) throws IOException {
        Map<String, Outcome> results = new LinkedHashMap<>();
        AtomicReference<String> crash = new AtomicReference<>();
        Thread.UncaughtExceptionHandler old = Go.setUncaughtPanicHandler((t, e) -> crash.compareAndSet(null, CrashText.of(e)));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, JavaRunner.class.getClassLoader())) {
            for (String name : names) {
                crash.set(null);
                Rt.take();
                Rt.Program program;
                try {
                    program = (Rt.Program) loader.loadClass(JavaRenderer.PACKAGE + "." + name).getConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("cannot load generated program " + name + ": " + e, e);
                }
                Thread main = new Thread(() -> Go.main(program::run), "difftest " + name);
                main.start();
                boolean done = join(main, 120_000);
                String out = Rt.take();
                if (!done) {
                    results.put(name, new Outcome(out, Outcome.TIMEOUT, List.of()));
                    main.interrupt();
                    continue;
                }
                String report = crash.get();
                results.put(name, new Outcome(out, report != null ? 2 : 0, report != null ? Outcome.panicLines(report) : List.of()));
            }
        } finally {
            Go.setUncaughtPanicHandler(old);
        }
        return results;
    }

    private static boolean join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** Compiles and (for {@code woven}) weaves; the class folder to load the programs from. */
    static Path build(Config config, Map<String, String> sources, Path work) throws IOException {
        Path classes = work.resolve("classes");
        compile(sources, classes);
        if (config == Config.WOVEN) {
            Path woven = work.resolve("classes-woven");
            weaveInChild(classes, woven);
            return woven;
        }
        return classes;
    }

    /** Compiles, weaves (for {@code woven}) and runs: the whole Java side for one configuration. */
    static Map<String, Outcome> compileAndRun(Config config, Map<String, String> sources, Path work) throws IOException {
        long t0 = System.nanoTime();
        Path classes = work.resolve("classes");
        compile(sources, classes);
        long t1 = System.nanoTime();
        if (config == Config.WOVEN) {
            Path woven = work.resolve("classes-woven");
            weaveInChild(classes, woven);
            classes = woven;
        }
        long t2 = System.nanoTime();
        Map<String, Outcome> out = run(classes, new ArrayList<>(sources.keySet()));
        System.out.printf("difftest: %s: compiled %d programs in %.1f s, wove in %.1f s, ran in %.1f s%n", config.id(),
                sources.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
        return out;
    }

    /**
     * Child-JVM entry for run.sh: {@code JavaRunner CONFIG SRC_DIR OUT_FILE} compiles every
     * {@code P*.java} of SRC_DIR, runs them and writes their outcomes to OUT_FILE.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--weave")) {
            weave(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: JavaRunner opencoded|pooled|allocated|woven SRC_DIR OUT_FILE");
            System.exit(64);
        }
        Config config = Config.of(args[0]);
        checkJvm(config);
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            for (Path p : s.sorted().toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith("P") && f.endsWith(".java")) {
                    sources.put(f.substring(0, f.length() - 5), Files.readString(p));
                }
            }
        }
        Map<String, Outcome> results = compileAndRun(config, sources, Path.of(args[1]).resolveSibling("build"));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Outcome> e : results.entrySet()) {
            sb.append("== ").append(e.getKey()).append('\n').append(e.getValue().format());
        }
        Files.writeString(Path.of(args[2]), sb.toString());
        System.out.flush();
        Runtime.getRuntime().halt(0);   // a timed-out program's thread must not keep the JVM
    }

    /** jdefer's crash report for an escaped panic, rendered without halting (its internal renderer). */
    static final class CrashText {
        private static final Method PEEK;
        private static final Method ESCAPED;
        private static final Method PANICS;

        static {
            try {
                Class<?> state = Class.forName("io.jdefer.internal.GoroutineState");
                Class<?> record = Class.forName("io.jdefer.internal.PanicRecord");
                Class<?> report = Class.forName("io.jdefer.internal.CrashReport");
                PEEK = state.getDeclaredMethod("peek");
                ESCAPED = state.getDeclaredMethod("escapedRecordFor", Throwable.class);
                PANICS = report.getDeclaredMethod("panics", record);
                PEEK.setAccessible(true);
                ESCAPED.setAccessible(true);
                PANICS.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(new IllegalStateException(
                        "jdefer's crash report renderer (io.jdefer.internal.CrashReport.panics, GoroutineState.escapedRecordFor)"
                                + " changed; update difftest's CrashText to the new internals", e));
            }
        }

        static String of(Throwable t) {
            try {
                Object g = PEEK.invoke(null);
                if (g == null) {
                    return "panic: " + t + "\n";
                }
                return (String) PANICS.invoke(null, ESCAPED.invoke(g, t));
            } catch (InvocationTargetException e) {
                return "fatal error: panic while printing panic value: " + e.getCause() + "\n";
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
