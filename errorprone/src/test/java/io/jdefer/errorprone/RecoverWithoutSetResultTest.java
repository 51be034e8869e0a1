package io.jdefer.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class RecoverWithoutSetResultTest {
    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(RecoverWithoutSetResult.class, getClass());

    @Test
    void referenceResultsWithoutSetResultAreReported() {
        helper.addSourceLines("Api.java", """
                import io.jdefer.Go;
                import io.jdefer.annotation.Recover;
                import java.util.List;
                class Api {
                    static final class Reply {
                    }

                    // BUG: Diagnostic contains: @Recover method Api.get returns Api$Reply but never calls Go.setResult: after it recovers a panic its caller gets null (Go's zero value), which a web framework answers as an empty success; recover in a deferred action with Go.recoverThrowable(), log it and Go.setResult(...) an error result
                    @Recover
                    Reply get() {
                        Go.defer(() -> System.out.println(Go.recoverThrowable()));
                        return new Reply();
                    }

                    // BUG: Diagnostic contains: @Recover method Api.names returns java.lang.String[] but never calls Go.setResult
                    @Recover
                    String[] names() {
                        return new String[0];
                    }

                    // BUG: Diagnostic contains: returns java.util.List but never calls Go.setResult
                    @Recover
                    List<String> list() {
                        return List.of();
                    }

                    // BUG: Diagnostic contains: returns java.lang.Object but never calls Go.setResult
                    @Recover
                    <T> T generic(T t) {
                        return t;
                    }

                    // BUG: Diagnostic contains: returns java.lang.Integer but never calls Go.setResult
                    @Recover
                    Integer boxed() {
                        return 1;
                    }

                    // a nested class is a class of its own, and a plain call is not followed
                    // BUG: Diagnostic contains: Api.notFollowed returns java.lang.String
                    @Recover
                    String notFollowed() {
                        Go.defer(new io.jdefer.Action() {
                            @Override
                            public void run() {
                                Go.setResult("error");
                            }
                        });
                        Go.defer(() -> fail());
                        return "ok";
                    }

                    private void fail() {
                        Go.setResult("error");
                    }
                }
                """).doTest();
    }

    @Test
    void setResultPrimitiveOrVoidResultsAreFine() {
        helper.addSourceLines("Api.java", """
                import io.jdefer.Go;
                import io.jdefer.annotation.Defer;
                import io.jdefer.annotation.Recover;
                class Api {
                    @Recover
                    String direct() {
                        Go.setResult("error");
                        return "ok";
                    }

                    @Recover
                    String inALambda() {
                        Go.defer(() -> {
                            if (Go.recover() != null) {
                                Runnable r = () -> Go.setResult("error");
                                r.run();
                            }
                        });
                        return "ok";
                    }

                    @Recover
                    String byReference() {
                        Go.defer(Go::setResult, "error");
                        return "ok";
                    }

                    @Recover
                    String throughAMethodOfThisClass() {
                        Go.defer(this::fail);
                        return "ok";
                    }

                    private void fail() {
                        Go.defer(Api::reallyFail);
                    }

                    private static void reallyFail() {
                        Go.setResult("error");
                    }

                    @Recover
                    void nothing() {
                    }

                    @Recover
                    int count() {
                        return 1;
                    }

                    @Recover
                    boolean ok() {
                        return true;
                    }

                    @Defer
                    String notRecover() {
                        return "ok";
                    }
                }
                """).doTest();
    }
}
