package io.jdefer.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class DeferWithoutAnnotationTest {
    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(DeferWithoutAnnotation.class, getClass());

    @Test
    void aNamedMethodThatDefersWithoutAnAnnotationIsReportedOnce() {
        helper.addSourceLines("Repo.java", """
                import io.jdefer.Go;
                class Repo {
                    void load(AutoCloseable c) {
                        System.out.println();
                        // BUG: Diagnostic contains: Go.defer in Repo.load, which is not annotated @Defer: the agent makes it a frame anyway; annotate it so readers see where its deferred actions run
                        Go.defer(c::close);
                        Go.defer(() -> {});
                    }

                    static String query(AutoCloseable c) {
                        Go.run(() -> Go.defer(() -> {}));
                        // BUG: Diagnostic contains: Go.defer in Repo.query, which is not annotated @Defer
                        Go.defer(AutoCloseable::close, c);
                        return "";
                    }

                    Runnable anonymous() {
                        return new Runnable() {
                            @Override
                            public void run() {
                                // BUG: Diagnostic contains: Go.defer in Repo$1.run, which is not annotated @Defer
                                Go.defer(() -> {});
                            }
                        };
                    }
                }
                """).doTest();
    }

    @Test
    void annotatedMethodsLambdasAndDeferredActionsAreFine() {
        helper.addSourceLines("Repo.java", """
                import io.jdefer.Action;
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                import io.jdefer.annotation.Recover;
                class Repo {
                    @Defer
                    void load(AutoCloseable c) {
                        Go.defer(c::close);
                        Go.defer(this::cleanup);
                    }

                    @Recover
                    String get() {
                        Go.defer(() -> Go.setResult("x"));
                        return "";
                    }

                    @io.jdefer.annotation.Defer
                    void qualified() {
                        Go.defer(() -> {});
                    }

                    void lambdaFrames() {
                        Go.run(() -> Go.defer(() -> {}));
                        Runnable r = () -> Go.defer(() -> {});
                    }

                    private void cleanup() {
                        Go.defer(() -> {});
                    }

                    Repo() {
                        Go.defer(() -> {});
                    }

                    static {
                        Go.defer(() -> {});
                    }

                    static final class Cleanup implements Action {
                        @Override
                        public void run() {
                            Go.defer(() -> {});
                        }
                    }

                    abstract static class Base {
                        abstract void noBody();
                    }

                    void noDefer() {
                        Go.recover();
                    }
                }
                """).doTest();
    }

    @Test
    void theFixAddsDeferAndItsImport() {
        BugCheckerRefactoringTestHelper.newInstance(DeferWithoutAnnotation.class, getClass())
                .addInputLines("Repo.java", """
                        package p;

                        import io.jdefer.Go;

                        class Repo {
                            /** Loads. */
                            public void load(AutoCloseable c) {
                                Go.defer(c::close);
                            }
                        }
                        """)
                .addOutputLines("Repo.java", """
                        package p;

                        import io.jdefer.Go;
                        import io.jdefer.annotation.Defer;

                        class Repo {
                            /** Loads. */
                            @Defer public void load(AutoCloseable c) {
                                Go.defer(c::close);
                            }
                        }
                        """)
                .doTest();
    }
}
