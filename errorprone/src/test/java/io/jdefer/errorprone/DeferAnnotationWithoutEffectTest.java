package io.jdefer.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class DeferAnnotationWithoutEffectTest {
    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(DeferAnnotationWithoutEffect.class, getClass());

    @Test
    void annotationsTheAgentCannotApplyAreReported() {
        helper.addSourceLines("Api.java", """
                import io.jdefer.annotation.Defer;
                import io.jdefer.annotation.Recover;
                abstract class Api {
                    // BUG: Diagnostic contains: @Recover on abstract method Api.get has no effect: annotate the implementing methods
                    @Recover
                    abstract String get();

                    // BUG: Diagnostic contains: @Defer on native method Api.fast has no effect: it has no bytecode to rewrite
                    @Defer
                    native void fast();

                    @Defer
                    // BUG: Diagnostic contains: @Recover on abstract method Api.both
                    @Recover
                    abstract void both();

                    interface Service {
                        // BUG: Diagnostic contains: @Defer on abstract method Api$Service.call has no effect
                        @Defer
                        void call();
                    }
                }
                """).doTest();
    }

    @Test
    void methodsWithCodeAreFine() {
        helper.addSourceLines("Api.java", """
                import io.jdefer.annotation.Defer;
                import io.jdefer.annotation.Recover;
                interface Api {
                    @Defer
                    default void call() {
                    }

                    @Recover
                    static void run() {
                    }

                    @Deprecated
                    void plain();

                    final class Impl implements Api {
                        @Override
                        @Defer
                        public void plain() {
                        }
                    }
                }
                """).doTest();
    }

    @Test
    void theFixRemovesTheAnnotation() {
        BugCheckerRefactoringTestHelper.newInstance(DeferAnnotationWithoutEffect.class, getClass())
                .addInputLines("Api.java", """
                        import io.jdefer.annotation.Recover;

                        interface Api {
                            @Recover
                            String get();
                        }
                        """)
                .addOutputLines("Api.java", """
                        import io.jdefer.annotation.Recover;

                        interface Api {

                            String get();
                        }
                        """)
                .doTest();
    }
}
