package io.jdefer.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class RecoverNotInDeferredActionTest {
    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(RecoverNotInDeferredAction.class, getClass());

    @Test
    void recoverNotCalledDirectlyByADeferredActionIsReported() {
        helper.addSourceLines("Util.java", """
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                import java.util.function.Supplier;
                class Util {
                    @Defer
                    void helperCalledByTheAction() {
                        Go.defer(() -> log());
                    }

                    private void log() {
                        // BUG: Diagnostic contains: Go.recover() in Util.log always returns null: it is not a deferred action, and recover stops a panic only when called directly by one (Go.defer(() -> { ... recover() ... }))
                        Object p = Go.recover();
                    }

                    @Defer
                    void lambdaCalledByTheAction() {
                        Go.defer(() -> {
                            Runnable r = () -> {
                                // BUG: Diagnostic contains: Go.recover() in a lambda in Util.lambdaCalledByTheAction always returns null
                                Go.recover();
                            };
                            r.run();
                        });
                    }

                    @Defer
                    Object inTheBody() {
                        // BUG: Diagnostic contains: a lambda in Util.inTheBody
                        Supplier<Object> s = () -> Go.recover();
                        return twoParameters(Go.recover(), 1);
                    }

                    static Object twoParameters(Object a, int b) {
                        // BUG: Diagnostic contains: Util.twoParameters always returns null
                        return Go.recover();
                    }

                    private Util() {
                        // BUG: Diagnostic contains: Go.recover() in Util.<init> always returns null
                        Go.recover();
                    }

                    static {
                        // BUG: Diagnostic contains: Go.recover() in the static initializer of Util always returns null
                        Go.recover();
                    }

                    // BUG: Diagnostic contains: a lambda in Util.static
                    static final Supplier<Object> FIELD = () -> Go.recover();
                }
                """).doTest();
    }

    @Test
    void recoverCalledDirectlyByADeferredActionIsFine() {
        helper.addSourceLines("Util.java", """
                import io.jdefer.Action;
                import io.jdefer.ActionWith;
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                class Util {
                    @Defer
                    void lambdas() {
                        Go.defer(() -> Go.recover());
                        Go.defer(() -> {
                            Object p = Go.recover();
                            Go.defer(() -> Go.recover());
                        });
                        Go.defer(tag -> Go.recover(), "tag");
                        Action later = () -> Go.recover();
                        Go.defer(later);
                    }

                    @Defer
                    void references() {
                        Go.defer(this::cleanup);
                        Go.defer(Util::staticCleanup);
                        Go.defer(Util::withArg, "x");
                        Go.defer(new Cleanup());
                    }

                    private void cleanup() {
                        Go.recover();
                    }

                    private static void staticCleanup() {
                        Go.recover();
                    }

                    private static void withArg(String s) {
                        Go.recover();
                    }

                    static final class Cleanup implements Action {
                        @Override
                        public void run() {
                            Go.recover();
                        }
                    }

                    static final class CleanupWith implements ActionWith<String> {
                        @Override
                        public void accept(String s) {
                            Go.recover();
                        }
                    }

                    // another file may defer these by method reference: only vet, which reads all
                    // classes, can tell
                    public void publicNoParameters() {
                        Go.recover();
                    }

                    void packagePrivateOneParameter(String s) {
                        Go.recover();
                    }

                    Object notJdefer() {
                        return recover();
                    }

                    static Object recover() {
                        return null;
                    }
                }
                """).doTest();
    }
}
