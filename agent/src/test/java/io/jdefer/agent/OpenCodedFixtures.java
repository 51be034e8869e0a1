package io.jdefer.agent;

import static io.jdefer.Go.defer;

import io.jdefer.Action;
import io.jdefer.ActionWith;
import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame methods for {@link OpenCodedRewriteIT}: each name says whether Go would open-code it. The
 * test reads this class's original bytes and rewrites them itself.
 */
public final class OpenCodedFixtures {
    public static final List<Object> LOG = new ArrayList<>();

    private OpenCodedFixtures() {
    }

    static void note(Object o) {
        LOG.add(o);
    }

    /** A class whose method a method reference may reach through an override. */
    public static class Closer {
        public void close() {
            LOG.add("closed");
        }
    }

    // ------------------------------------------------------------------ open-coded

    @Defer
    public static void openOneLambda() {
        defer(() -> LOG.add("a"));
        LOG.add("body");
    }

    @Defer
    public static int openWithArg(String s) {
        defer(OpenCodedFixtures::note, s);
        return 1;
    }

    @Defer
    public static long openViaLocal() {
        Action a = () -> LOG.add("local");
        defer(a);
        return 2L;
    }

    @Defer
    public static int openEight() {
        defer(() -> LOG.add(0));
        defer(() -> LOG.add(1));
        defer(OpenCodedFixtures::note, 2);
        defer(() -> LOG.add(3));
        defer(OpenCodedFixtures::note, 4);
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(OpenCodedFixtures::note, 7);
        return 8;
    }

    @Defer
    public static void openVoidUnknownAction(Action a) {
        defer(a);
    }

    @Defer
    public static double openBranches(boolean early) {
        defer(() -> LOG.add("first"));
        if (early) {
            return 1.5;
        }
        defer(() -> LOG.add("second"));
        return 2.5;
    }

    @Recover
    public static int openRecoverNoDefers() {
        throw new IllegalStateException("recovered");
    }

    @Defer
    public static void openDeferRecover() {
        defer(Go::recover);
    }

    @Defer
    public static Object openNil() {
        defer((Action) null);
        return "x";
    }

    static final ActionWith<Object> NOTE = OpenCodedFixtures::note;
    static final Action SETS_RESULT = () -> Go.setResult(1);

    @Defer
    public static int openStaticFinal() {
        defer(NOTE, "static final");
        return 3;
    }

    // ------------------------------------------------------------------ records

    @Defer
    public static int recordsStaticFinalCallsSetResult() {
        defer(SETS_RESULT);
        return 3;
    }

    @Defer
    public static void recordsInLoop(int n) {
        for (int i = 0; i < n; i++) {
            defer(() -> LOG.add("loop"));
        }
    }

    @Defer
    public static void recordsNine() {
        defer(() -> LOG.add(1));
        defer(() -> LOG.add(2));
        defer(() -> LOG.add(3));
        defer(() -> LOG.add(4));
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(() -> LOG.add(7));
        defer(() -> LOG.add(8));
        defer(() -> LOG.add(9));
    }

    @Defer
    public static int recordsSetResultHandle() {
        defer(Go::setResult, 42);
        return 1;
    }

    @Defer
    public static void recordsResultHandleEvenInVoid() {
        defer(Go::result);
    }

    @Defer
    public static int recordsUnknownAction(Action a) {
        defer(a);
        return 1;
    }

    @Defer
    public static int recordsOverridable(Closer c) {
        defer(c::close);
        return 1;
    }

    @Defer
    public static int recordsLambdaCallsSetResult() {
        defer(() -> Go.setResult(7));
        return 1;
    }

    @Defer
    public static void recordsVoidLambdaCallsResult() {
        defer(() -> LOG.add(Go.result()));
    }
}
