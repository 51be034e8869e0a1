package io.jdefer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The contract between rewritten code and {@code jdefer-runtime}: every runtime and annotation
 * name the agent matches in application bytecode or emits into it, with its descriptor, in one
 * place. The agent never loads these classes: it matches and emits them by name, so the agent jar
 * does not contain the runtime and the application's own {@code jdefer-runtime} is what the
 * rewritten code links against. {@code RuntimeAbiIT} reflects over the runtime and checks that
 * every emitted member exists, is public, and is static or not as its opcode says. Public only for
 * {@code vet}, which matches the same calls.
 */
public final class RuntimeAbi {
    private RuntimeAbi() {
        throw new AssertionError();
    }

    /**
     * One runtime member that rewritten code uses.
     *
     * @param opcode {@code INVOKESTATIC}, {@code INVOKEVIRTUAL}, {@code INVOKEINTERFACE} or {@code GETSTATIC}
     * @param owner the internal name of its class
     * @param name its name
     * @param descriptor its method or field descriptor
     */
    record Member(int opcode, String owner, String name, String descriptor) {
        /** Emits the call (or the field read); the operands must be on the stack. */
        void emit(MethodVisitor mv) {
            if (opcode == Opcodes.GETSTATIC) {
                mv.visitFieldInsn(opcode, owner, name, descriptor);
            } else {
                mv.visitMethodInsn(opcode, owner, name, descriptor, opcode == Opcodes.INVOKEINTERFACE);
            }
        }
    }

    // ------------------------------------------------------------------ the public API, as matched

    /** Internal name of {@code io.jdefer.Go}. */
    public static final String GO = "io/jdefer/Go";
    /** Internal name of {@code io.jdefer.Action}. */
    public static final String ACTION = "io/jdefer/Action";
    /** Internal name of {@code io.jdefer.ActionWith}. */
    public static final String ACTION_WITH = "io/jdefer/ActionWith";
    /** Descriptor of {@code @Defer}. */
    public static final String DEFER_DESC = "Lio/jdefer/annotation/Defer;";
    /** Descriptor of {@code @Recover}. */
    public static final String RECOVER_DESC = "Lio/jdefer/annotation/Recover;";

    static final String ACTION_DEFER = "(Lio/jdefer/Action;)V";
    static final String ACTION_WITH_DEFER = "(Lio/jdefer/ActionWith;Ljava/lang/Object;)V";
    static final String SET_RESULT = "setResult";
    static final String SET_RESULT_DESC = "(Ljava/lang/Object;)V";
    static final String RESULT = "result";
    static final String RESULT_DESC = "()Ljava/lang/Object;";
    static final String RECOVER_CALL_DESC = "()Ljava/lang/Object;";

    /**
     * {@code Go.defer(action)} or {@code Go.defer(action, arg)}: the call a frame's body registers with.
     *
     * @param opcode the call's opcode
     * @param owner the called method's owner, internal name
     * @param name the called method's name
     * @param descriptor the called method's descriptor
     * @return true for either {@code Go.defer}
     */
    public static boolean isDefer(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(GO) && name.equals("defer")
                && (descriptor.equals(ACTION_DEFER) || descriptor.equals(ACTION_WITH_DEFER));
    }

    /** The {@code Go.defer(action, arg)} form, given {@link #isDefer}. */
    static boolean withArg(String deferDescriptor) {
        return deferDescriptor.equals(ACTION_WITH_DEFER);
    }

    /**
     * {@code Go.recover()}.
     *
     * @param opcode the call's opcode
     * @param owner the called method's owner, internal name
     * @param name the called method's name
     * @param descriptor the called method's descriptor
     * @return true for {@code Go.recover()}
     */
    public static boolean isRecover(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(GO) && name.equals("recover")
                && descriptor.equals(RECOVER_CALL_DESC);
    }

    /** {@code Go.recoverThrowable()}. */
    static boolean isRecoverThrowable(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(GO) && name.equals("recoverThrowable")
                && descriptor.equals("()Ljava/lang/Throwable;");
    }

    /** {@code Go.setResult(v)}. */
    static boolean isSetResult(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(GO) && name.equals(SET_RESULT)
                && descriptor.equals(SET_RESULT_DESC);
    }

    /** {@code Go.result()}. */
    static boolean isResult(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(GO) && name.equals(RESULT)
                && descriptor.equals(RESULT_DESC);
    }

    // ------------------------------------------------------------------ the runtime, as emitted

    static final String STATE = "io/jdefer/internal/GoroutineState";
    static final String STATE_DESC = "L" + STATE + ";";
    static final String CURRENT_DESC = "()" + STATE_DESC;
    static final String RESULTS = "io/jdefer/internal/Results";
    static final String IMPLICIT_RECOVER = "io/jdefer/internal/ImplicitRecover";
    static final String IMPLICIT_RECOVER_DESC = "L" + IMPLICIT_RECOVER + ";";
    static final String AGENT_SUPPORT = "io/jdefer/internal/AgentSupport";
    static final String OPEN_CODED_SUPPORT = "io/jdefer/internal/OpenCodedSupport";
    static final String DIRECT_RECOVER = "io/jdefer/internal/DirectRecover";
    /** Binary name of the runtime's record-tier class, which the installer must not initialise early. */
    static final String RECORD_TIER_CLASS = "io.jdefer.internal.RecordTier";

    static final Member STATE_CURRENT = new Member(Opcodes.INVOKESTATIC, STATE, "current", CURRENT_DESC);
    static final Member STATE_TOP = new Member(Opcodes.INVOKEVIRTUAL, STATE, "top", "()I");
    static final Member STATE_DEFER = new Member(Opcodes.INVOKEVIRTUAL, STATE, "defer", ACTION_DEFER);
    static final Member STATE_DEFER_WITH = new Member(Opcodes.INVOKEVIRTUAL, STATE, "defer", ACTION_WITH_DEFER);
    /** A quiet exit's receiver check: {@code GoroutineState.notExactly(arg, a, b, c)}, 1 if arg's class is none of them. */
    static final Member STATE_NOT_EXACTLY = new Member(Opcodes.INVOKESTATIC, STATE, "notExactly",
            "(Ljava/lang/Object;Ljava/lang/Class;Ljava/lang/Class;Ljava/lang/Class;)I");
    /** An inlined exit's members (see {@link #hasInlinedExits}). */
    static final Member STATE_NEWEST_FN = new Member(Opcodes.INVOKEVIRTUAL, STATE, "newestDeferFn",
            "()Ljava/lang/Object;");
    static final Member STATE_POP_ARG = new Member(Opcodes.INVOKEVIRTUAL, STATE, "popDeferArg", "()Ljava/lang/Object;");
    static final Member STATE_INLINED_END = new Member(Opcodes.INVOKEVIRTUAL, STATE, "inlinedExitEnd", "()V");
    static final Member STATE_PANIC_VOID = new Member(Opcodes.INVOKEVIRTUAL, STATE, "deferReturnPanicVoid",
            "(ILjava/lang/Throwable;)V");
    static final Member RESULTS_CONVERT = new Member(Opcodes.INVOKESTATIC, RESULTS, "convert",
            "(Ljava/lang/Class;Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;");
    static final Member IMPLICIT_RECOVER_ANY = new Member(Opcodes.GETSTATIC, IMPLICIT_RECOVER, "ANY",
            IMPLICIT_RECOVER_DESC);
    static final Member IMPLICIT_RECOVER_OF = new Member(Opcodes.INVOKESTATIC, IMPLICIT_RECOVER, "of",
            "([Ljava/lang/Class;)" + IMPLICIT_RECOVER_DESC);
    static final Member IMPLICIT_RECOVER_REGISTER = new Member(Opcodes.INVOKEVIRTUAL, IMPLICIT_RECOVER,
            "register", "(" + STATE_DESC + ")V");
    /** The bootstrap of the {@code @Recover(types)} dynamic constant (an {@code H_INVOKESTATIC} handle). */
    static final Member IMPLICIT_RECOVER_BSM = new Member(Opcodes.INVOKESTATIC, AGENT_SUPPORT, "implicitRecover",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;[Ljava/lang/Class;)"
                    + IMPLICIT_RECOVER_DESC);
    static final Member NON_NIL_ACTION = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "nonNil",
            "(L" + ACTION + ";)L" + ACTION + ";");
    static final Member NON_NIL_ACTION_WITH = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "nonNil",
            "(L" + ACTION_WITH + ";)L" + ACTION_WITH + ";");
    static final Member OC_CURRENT = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "current", CURRENT_DESC);
    static final Member OC_SLOT_TYPE = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "slotType",
            "(" + STATE_DESC + ")Ljava/lang/Class;");
    static final Member OC_SLOT_BITS = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "slotBits",
            "(" + STATE_DESC + ")J");
    static final Member OC_SLOT_REF = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "slotRef",
            "(" + STATE_DESC + ")Ljava/lang/Object;");
    static final Member OC_OPEN_EXIT = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "openExit",
            "(" + STATE_DESC + ")Ljava/lang/Object;");
    static final Member OC_PUBLISH = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "publish",
            "(" + STATE_DESC + "Ljava/lang/Class;JLjava/lang/Object;Ljava/lang/String;)V");
    static final Member OC_RESTORE = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "restore",
            "(" + STATE_DESC + "Ljava/lang/Class;JLjava/lang/Object;Ljava/lang/Object;)V");
    static final Member OC_HAND_OVER = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "handOver",
            "(" + STATE_DESC + "Ljava/lang/Throwable;Z)Ljava/lang/Throwable;");
    static final Member OC_HAND_OVER_MARK = new Member(Opcodes.INVOKESTATIC, OPEN_CODED_SUPPORT, "handOverMark",
            "(" + STATE_DESC + ")I");
    static final Member ACTION_RUN = new Member(Opcodes.INVOKEINTERFACE, ACTION, "run", "()V");
    static final Member ACTION_WITH_ACCEPT = new Member(Opcodes.INVOKEINTERFACE, ACTION_WITH, "accept",
            "(Ljava/lang/Object;)V");
    static final Member DIRECT_CLAIM = new Member(Opcodes.INVOKESTATIC, DIRECT_RECOVER, "claim",
            "(Ljava/lang/String;Ljava/lang/String;)Z");
    static final Member DIRECT_RECOVER_CALL = new Member(Opcodes.INVOKESTATIC, DIRECT_RECOVER, "recover",
            "(Z)Ljava/lang/Object;");

    /**
     * {@code g.deferReturnX(mark, result, thrown)} for a method returning {@code returnType}; a
     * reference result also passes its {@code Class} and is cast back by the caller.
     */
    static Member deferReturn(Type returnType) {
        return switch (returnType.getSort()) {
            case Type.VOID -> exit("deferReturnVoid", "(ILjava/lang/Throwable;)V");
            case Type.BOOLEAN -> exit("deferReturnBoolean", "(IZLjava/lang/Throwable;)Z");
            case Type.BYTE -> exit("deferReturnByte", "(IBLjava/lang/Throwable;)B");
            case Type.CHAR -> exit("deferReturnChar", "(ICLjava/lang/Throwable;)C");
            case Type.SHORT -> exit("deferReturnShort", "(ISLjava/lang/Throwable;)S");
            case Type.INT -> exit("deferReturnInt", "(IILjava/lang/Throwable;)I");
            case Type.LONG -> exit("deferReturnLong", "(IJLjava/lang/Throwable;)J");
            case Type.FLOAT -> exit("deferReturnFloat", "(IFLjava/lang/Throwable;)F");
            case Type.DOUBLE -> exit("deferReturnDouble", "(IDLjava/lang/Throwable;)D");
            default -> exit("deferReturnObject",
                    "(ILjava/lang/Object;Ljava/lang/Throwable;Ljava/lang/Class;)Ljava/lang/Object;");
        };
    }

    /**
     * {@code g.deferReturnQuietX(mark, result)}: the normal exit of a record-tier method whose
     * actions never use the result slot; a reference result also passes its {@code Class} and is
     * cast back by the caller. Added to the runtime after the other exits
     * ({@link #hasQuietExits}).
     */
    static Member deferReturnQuiet(Type returnType) {
        // the full exit's name and descriptor without the throwable, which a normal return never has
        Member full = deferReturn(returnType);
        return exit(full.name().replace("deferReturn", "deferReturnQuiet"),
                full.descriptor().replace("Ljava/lang/Throwable;", ""));
    }

    /**
     * Does the jdefer-runtime that {@code loader} sees have every {@link #deferReturnQuiet} exit
     * and {@link #STATE_NOT_EXACTLY}? An application with an older runtime keeps the full exits.
     * A null loader (nothing to read) answers true: the runtime is this agent's.
     */
    static boolean hasQuietExits(ClassLoader loader) {
        return loader == null || declares(loader, STATE, QUIET_MEMBERS);
    }

    /**
     * Does the jdefer-runtime that {@code loader} see let a quiet exit run its records itself
     * ({@link #STATE_NEWEST_FN} and the rest, added after the quiet exits)? Null: this agent's.
     */
    static boolean hasInlinedExits(ClassLoader loader) {
        return loader == null || declares(loader, STATE, INLINED_MEMBERS);
    }

    /** The members an inlined exit calls. */
    private static final List<Member> INLINED_MEMBERS = List.of(STATE_NEWEST_FN, STATE_POP_ARG, STATE_INLINED_END,
            STATE_PANIC_VOID);

    /**
     * What each loader's runtime classes declare, by internal name: their methods' name +
     * descriptor, or empty when the class file is absent or unreadable; weak keys.
     */
    private static final Map<ClassLoader, Map<String, Optional<Set<String>>>> DECLARED =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Does the class {@code owner} that {@code loader} sees declare every one of {@code members}
     * (none: does it exist)? Read from its class file once per loader, never loaded: what an
     * application's runtime supports, when it may be older than the agent.
     */
    static boolean declares(ClassLoader loader, String owner, Collection<Member> members) {
        Optional<Set<String>> declared = DECLARED.computeIfAbsent(loader, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(owner, o -> read(loader, o));
        if (declared.isEmpty()) {
            return false;
        }
        for (Member m : members) {
            if (!declared.get().contains(m.name() + m.descriptor())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Set<String>> read(ClassLoader loader, String owner) {
        try (InputStream in = loader.getResourceAsStream(owner + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            ClassNode c = new ClassNode(Opcodes.ASM9);
            new ClassReader(in.readAllBytes()).accept(c, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
            Set<String> methods = new HashSet<>();
            for (MethodNode mn : c.methods) {
                methods.add(mn.name + mn.desc);
            }
            return Optional.of(methods);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One return type per exit kind. */
    private static final Type[] RETURN_KINDS = {Type.VOID_TYPE, Type.BOOLEAN_TYPE, Type.BYTE_TYPE, Type.CHAR_TYPE,
        Type.SHORT_TYPE, Type.INT_TYPE, Type.LONG_TYPE, Type.FLOAT_TYPE, Type.DOUBLE_TYPE, Type.getType(Object.class)};

    private static Member exit(String name, String descriptor) {
        return new Member(Opcodes.INVOKEVIRTUAL, STATE, name, descriptor);
    }

    /** Every runtime member rewritten code may call or read. */
    static final List<Member> EMITTED = emitted();

    /** The members a quiet exit calls, added to the runtime after the others ({@link #hasQuietExits}). */
    private static final List<Member> QUIET_MEMBERS = quietMembers();

    private static List<Member> quietMembers() {
        List<Member> all = new ArrayList<>(List.of(STATE_NOT_EXACTLY));
        for (Type t : RETURN_KINDS) {
            all.add(deferReturnQuiet(t));
        }
        return List.copyOf(all);
    }

    private static List<Member> emitted() {
        List<Member> all = new ArrayList<>(List.of(STATE_CURRENT, STATE_TOP, STATE_DEFER, STATE_DEFER_WITH, STATE_NOT_EXACTLY,
                STATE_NEWEST_FN, STATE_POP_ARG, STATE_INLINED_END, STATE_PANIC_VOID,
                RESULTS_CONVERT, IMPLICIT_RECOVER_ANY, IMPLICIT_RECOVER_OF, IMPLICIT_RECOVER_REGISTER,
                IMPLICIT_RECOVER_BSM, NON_NIL_ACTION, NON_NIL_ACTION_WITH,
                OC_CURRENT, OC_SLOT_TYPE, OC_SLOT_BITS, OC_SLOT_REF, OC_OPEN_EXIT, OC_PUBLISH, OC_RESTORE,
                OC_HAND_OVER, OC_HAND_OVER_MARK,
                ACTION_RUN, ACTION_WITH_ACCEPT, DIRECT_CLAIM, DIRECT_RECOVER_CALL));
        for (Type t : RETURN_KINDS) {
            all.add(deferReturn(t));
            all.add(deferReturnQuiet(t));
        }
        return List.copyOf(all);
    }

    // ------------------------------------------------------------------ what the agent leaves alone

    /** Byte pattern every class that may hold a frame mentions in its constant pool. */
    static final byte[] MARKER = "io/jdefer/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Classes the agent never rewrites, by internal-name prefix: the runtime, the annotations, the
     * agent and its shaded libraries, the weaver, and the JDK. Application code in other {@code io.jdefer.*}
     * packages (samples, tests) is rewritten like any other.
     */
    static boolean isIgnored(String internalName) {
        if (internalName.startsWith("io/jdefer/")) {
            String rest = internalName.substring("io/jdefer/".length());
            return rest.indexOf('/') < 0                      // io.jdefer.Go, Action, Panic, ...
                    || rest.startsWith("internal/")
                    || rest.startsWith("annotation/")
                    || rest.startsWith("agent/")
                    || rest.startsWith("weaver/");
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
