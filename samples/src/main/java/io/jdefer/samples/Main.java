package io.jdefer.samples;

import io.jdefer.samples.bank.Demo;
import io.jdefer.samples.bank.HandlerBench;
import io.jdefer.samples.bank.LoadTest;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * One entry point for {@code mvn ... -Prun -Drun=WHAT} (see samples/README.md):
 * <ul>
 *   <li>{@code demo} (default): start the bank service, drive a scripted session, check, stop;</li>
 *   <li>{@code serve [port]}: start the bank service and keep it running (Ctrl-C stops it);</li>
 *   <li>{@code load [warm-up s] [rounds] [window s]}: the bounded load test, {@code @Defer} vs
 *       try/finally;</li>
 *   <li>{@code handlers [rounds] [requests]}: the same comparison without the network, CPU per request;</li>
 *   <li>{@code SampleNN...} (or just {@code NN}): run one numbered sample;</li>
 *   <li>{@code samples}: run every numbered sample in order.</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    /** The numbered samples, in order. */
    public static final String[] SAMPLES = {
        "Sample01HelloDefer",
        "Sample02LifoOrder",
        "Sample03ArgsEvaluatedAtDefer",
        "Sample04RecoverReturnsValue",
        "Sample05RewriteResult",
        "Sample06PanicInDeferredAction",
        "Sample07Goexit",
        "Sample08GoroutinesOnVirtualThreads",
        "Sample09GroupPropagation",
        "Sample10DeferInLoopPitfall",
        "Sample11RecoverOnlyDirectly",
        "Sample12LockUnlock",
        "Sample13WithoutTheAgent",
    };

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            args = args[0].trim().split("\\s+");     // -Drun="serve 9090" arrives as one argument
        }
        String what = args.length == 0 || args[0].isBlank() ? "demo" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (what) {
            case "demo" -> Demo.main(rest);
            case "serve" -> Demo.serve(rest);
            case "load" -> LoadTest.main(rest);
            case "handlers" -> HandlerBench.main(rest);
            case "samples" -> {
                for (String s : SAMPLES) {
                    System.out.println("=== " + s);
                    runSample(s, rest);
                }
            }
            default -> runSample(find(what), rest);
        }
    }

    static String find(String what) {
        String w = what.startsWith("io.jdefer.samples.") ? what.substring("io.jdefer.samples.".length()) : what;
        for (String s : SAMPLES) {
            if (s.equals(w) || s.startsWith("Sample" + w) || s.startsWith(w)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown -Drun=" + what + ": use demo, serve, load, samples, or one of "
                + String.join(", ", SAMPLES));
    }

    static void runSample(String simpleName, String[] args) throws Exception {
        Method main = Class.forName("io.jdefer.samples." + simpleName).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }
}
