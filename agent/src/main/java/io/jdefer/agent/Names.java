package io.jdefer.agent;

/**
 * The runtime and annotation names the rewritten code refers to. The agent never loads these
 * classes: it matches and emits them by name, so the agent jar does not contain the runtime and
 * the application's own {@code jdefer-runtime} is what the rewritten code links against.
 */
final class Names {
    private Names() {
        throw new AssertionError();
    }

    static final String GO = "io/jdefer/Go";
    static final String DEFER_DESC = "Lio/jdefer/annotation/Defer;";
    static final String RECOVER_DESC = "Lio/jdefer/annotation/Recover;";

    static final String ACTION_DEFER = "(Lio/jdefer/Action;)V";
    static final String ACTION_WITH_DEFER = "(Lio/jdefer/ActionWith;Ljava/lang/Object;)V";
    static final String SET_RESULT = "setResult";
    static final String SET_RESULT_DESC = "(Ljava/lang/Object;)V";
    static final String RESULT = "result";
    static final String RESULT_DESC = "()Ljava/lang/Object;";

    static final String STATE = "io/jdefer/internal/GoroutineState";
    static final String STATE_DESC = "L" + STATE + ";";
    static final String CURRENT_DESC = "()" + STATE_DESC;

    static final String RESULTS = "io/jdefer/internal/Results";
    static final String CONVERT_DESC = "(Ljava/lang/Class;Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;";

    static final String IMPLICIT_RECOVER = "io/jdefer/internal/ImplicitRecover";
    static final String IMPLICIT_RECOVER_DESC = "L" + IMPLICIT_RECOVER + ";";
    static final String REGISTER_DESC = "(" + STATE_DESC + ")V";

    static final String AGENT_SUPPORT = "io/jdefer/internal/AgentSupport";
    static final String IMPLICIT_RECOVER_BSM_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/Class;[Ljava/lang/Class;)" + IMPLICIT_RECOVER_DESC;

    /** Byte pattern every class that may hold a frame mentions in its constant pool. */
    static final byte[] MARKER = "io/jdefer/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Classes the agent never rewrites, by internal-name prefix: the runtime, the annotations, the
     * agent and its shaded libraries, and the JDK. Application code in other {@code io.jdefer.*}
     * packages (samples, tests) is rewritten like any other.
     */
    static boolean isIgnored(String internalName) {
        if (internalName.startsWith("io/jdefer/")) {
            String rest = internalName.substring("io/jdefer/".length());
            return rest.indexOf('/') < 0                      // io.jdefer.Go, Action, Panic, ...
                    || rest.startsWith("internal/")
                    || rest.startsWith("annotation/")
                    || rest.startsWith("agent/");
        }
        return internalName.startsWith("java/")
                || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/")
                || internalName.startsWith("com/sun/")
                || internalName.startsWith("net/bytebuddy/")
                || internalName.startsWith("org/objectweb/asm/");
    }
}
