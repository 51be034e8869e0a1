package io.jdefer.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Does a deferred action do nothing when its frame returns normally? Go's most common idiom,
 * {@code defer(() -> { if (recover() != null) setResult(-1); })}, is such an action: called by a
 * normal exit, its body's {@code recover()} answers null, always — the action is not a deferred
 * call a panic started (Go's {@code gorecover} compares its caller's argument pointer with the
 * panic's deferred call), even when the frame itself is one some panic runs: then the frame is
 * what may call {@code recover} directly, as {@code defer(Go::recover)} does, never the body of
 * its action. So the open-coded exit need not call it, nor publish the result slot for it; its
 * bit is still cleared at its turn, because Go ran it.
 *
 * <p>Decided by executing the action's body symbolically with {@code Go.recover()} and
 * {@code Go.recoverThrowable()} answering null: the body is idle when every instruction that path
 * reaches is one that cannot be observed — those calls, the null and type tests they feed,
 * constants, loads and stores of locals, stack shuffles, jumps and the void return. Anything else
 * reached (another call, a field access, arithmetic on an unknown value, a branch on a value not
 * known here, a loop) and the body is not idle: the exit calls it as before.
 */
final class IdleAtNormalExit {
    private IdleAtNormalExit() {
        throw new AssertionError();
    }

    /** Steps before giving up: a path through an idle body is short. */
    private static final int MAX_STEPS = 256;

    /** The abstract values: null, the ints 0 and 1, and anything not known here. */
    private static final Object NULL = "null";
    private static final Object ZERO = 0;
    private static final Object ONE = 1;
    private static final Object UNKNOWN = "?";

    /**
     * @param m a method with code (a lambda body or a method reference's target)
     * @return true if, with every recover answering null, the method returns without an observable effect
     */
    static boolean idle(MethodNode m) {
        if (m.instructions.size() == 0 || Type.getReturnType(m.desc).getSort() != Type.VOID) {
            return false;
        }
        Object[] locals = new Object[Math.max(m.maxLocals, 1)];
        java.util.Arrays.fill(locals, UNKNOWN);
        List<Object> stack = new ArrayList<>();
        Set<AbstractInsnNode> seen = new HashSet<>();
        AbstractInsnNode in = m.instructions.getFirst();
        for (int steps = 0; in != null && steps < MAX_STEPS; steps++) {
            if (in.getOpcode() < 0) {                            // label, line number, frame
                in = in.getNext();
                continue;
            }
            if (!seen.add(in)) {
                return false;                                    // a loop: not a short idle path
            }
            int op = in.getOpcode();
            switch (op) {
                case Opcodes.RETURN:
                    return true;
                case Opcodes.ACONST_NULL:
                    stack.add(NULL);
                    break;
                case Opcodes.ICONST_0:
                    stack.add(ZERO);
                    break;
                case Opcodes.ICONST_1:
                    stack.add(ONE);
                    break;
                case Opcodes.ALOAD, Opcodes.ILOAD:
                    stack.add(local(locals, ((VarInsnNode) in).var));
                    break;
                case Opcodes.ASTORE, Opcodes.ISTORE: {
                    int v = ((VarInsnNode) in).var;
                    if (v >= locals.length || stack.isEmpty()) {
                        return false;
                    }
                    locals[v] = pop(stack);
                    break;
                }
                case Opcodes.POP:
                    if (stack.isEmpty()) {
                        return false;
                    }
                    pop(stack);
                    break;
                case Opcodes.DUP:
                    if (stack.isEmpty()) {
                        return false;
                    }
                    stack.add(stack.get(stack.size() - 1));
                    break;
                case Opcodes.CHECKCAST:
                    // only null passes every cast; anything else might throw
                    if (stack.isEmpty() || stack.get(stack.size() - 1) != NULL) {
                        return false;
                    }
                    break;
                case Opcodes.INSTANCEOF:
                    if (stack.isEmpty()) {
                        return false;
                    }
                    stack.add(pop(stack) == NULL ? ZERO : UNKNOWN);
                    break;
                case Opcodes.INVOKESTATIC: {
                    MethodInsnNode mi = (MethodInsnNode) in;
                    if (!isRecover(mi)) {
                        return false;
                    }
                    stack.add(NULL);
                    break;
                }
                case Opcodes.GOTO:
                    in = ((JumpInsnNode) in).label;
                    continue;
                case Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.IFEQ, Opcodes.IFNE: {
                    if (stack.isEmpty()) {
                        return false;
                    }
                    Object v = pop(stack);
                    Boolean taken = branch(op, v);
                    if (taken == null) {
                        return false;                            // depends on what is not known here
                    }
                    if (taken) {
                        in = ((JumpInsnNode) in).label;
                        continue;
                    }
                    break;
                }
                default:
                    return false;
            }
            in = in.getNext();
        }
        return false;
    }

    /** {@code Go.recover()} or {@code Go.recoverThrowable()}. */
    static boolean isRecover(MethodInsnNode mi) {
        return RuntimeAbi.isRecover(mi.getOpcode(), mi.owner, mi.name, mi.desc)
                || RuntimeAbi.isRecoverThrowable(mi.getOpcode(), mi.owner, mi.name, mi.desc);
    }

    private static Boolean branch(int op, Object v) {
        return switch (op) {
            case Opcodes.IFNULL -> v == NULL ? Boolean.TRUE : null;
            case Opcodes.IFNONNULL -> v == NULL ? Boolean.FALSE : null;
            case Opcodes.IFEQ -> v == ZERO ? Boolean.TRUE : v == ONE ? Boolean.FALSE : null;
            default -> v == ZERO ? Boolean.FALSE : v == ONE ? Boolean.TRUE : null;          // IFNE
        };
    }

    private static Object local(Object[] locals, int v) {
        return v < locals.length ? locals[v] : UNKNOWN;
    }

    private static Object pop(List<Object> stack) {
        return stack.remove(stack.size() - 1);
    }
}
