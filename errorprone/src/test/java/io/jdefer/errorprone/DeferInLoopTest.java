package io.jdefer.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class DeferInLoopTest {
    private final CompilationTestHelper helper = CompilationTestHelper.newInstance(DeferInLoop.class, getClass());

    @Test
    void everyLoopFormIsReported() {
        helper.addSourceLines("Batch.java", """
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                import java.util.List;
                class Batch {
                    @Defer
                    void loops(List<AutoCloseable> items, int n) {
                        for (int i = 0; i < n; i++) {
                            // BUG: Diagnostic contains: Go.defer inside a loop: every iteration keeps a deferred action until Batch.loops returns; move the loop body into its own @Defer method or lambda frame
                            Go.defer(() -> {});
                        }
                        int i = 0;
                        while (i++ < n) {
                            // BUG: Diagnostic contains: until Batch.loops returns
                            Go.defer(() -> {});
                        }
                        do {
                            // BUG: Diagnostic contains: until Batch.loops returns
                            Go.defer(() -> {});
                        } while (i-- > 0);
                        for (AutoCloseable c : items) {
                            // BUG: Diagnostic contains: until Batch.loops returns
                            Go.defer(AutoCloseable::close, c);
                        }
                        outer:
                        for (AutoCloseable c : items) {
                            if (c == null) {
                                continue outer;
                            }
                            try {
                                // BUG: Diagnostic contains: until Batch.loops returns
                                Go.defer(c::close);
                            } finally {
                                i++;
                            }
                        }
                        for (int j = 0; j < n; j++) {
                            switch (j) {
                                case 1 -> {
                                    // BUG: Diagnostic contains: until Batch.loops returns
                                    Go.defer(() -> {});
                                }
                                default -> { }
                            }
                        }
                    }

                    @Defer
                    void update(int n) {
                        // BUG: Diagnostic contains: until Batch.update returns
                        for (int i = 0; i < n; i++, Go.defer(() -> {})) {
                        }
                    }

                    void inLambdaFrame(List<AutoCloseable> items) {
                        Go.run(() -> {
                            for (AutoCloseable c : items) {
                                // BUG: Diagnostic contains: until a lambda in Batch.inLambdaFrame returns
                                Go.defer(c::close);
                            }
                        });
                    }

                    static {
                        for (int i = 0; i < 2; i++) {
                            // BUG: Diagnostic contains: until the static initializer of Batch returns
                            Go.defer(() -> {});
                        }
                    }

                    static class Inner {
                        @Defer
                        void m(int n) {
                            while (n-- > 0) {
                                // BUG: Diagnostic contains: until Batch$Inner.m returns
                                Go.defer(() -> {});
                            }
                        }
                    }
                }
                """).doTest();
    }

    @Test
    void aFrameInsideTheLoopBodyOrADeferOutsideTheLoopIsFine() {
        helper.addSourceLines("Batch.java", """
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                import java.util.List;
                class Batch {
                    @Defer
                    void perIterationFrames(List<AutoCloseable> items) {
                        Go.defer(() -> {});
                        for (AutoCloseable c : items) {
                            Go.run(() -> Go.defer(c::close));
                            Go.run(() -> {
                                Go.defer(c::close);
                                Go.run(() -> Go.defer(() -> {}));
                            });
                            new Object() {
                                @Defer
                                void each() {
                                    Go.defer(c::close);
                                }
                            }.each();
                            each(c);
                        }
                        Go.defer(() -> {});
                    }

                    @Defer
                    void each(AutoCloseable c) {
                        Go.defer(c::close);
                    }

                    @Defer
                    void initializerRunsOnce(int n) {
                        for (Go.defer(() -> {}); n > 0; n--) {
                            n--;
                        }
                    }

                    @Defer
                    void notADefer(List<Runnable> rs) {
                        for (Runnable r : rs) {
                            r.run();
                            Go.recover();
                        }
                    }
                }
                """).doTest();
    }
}
