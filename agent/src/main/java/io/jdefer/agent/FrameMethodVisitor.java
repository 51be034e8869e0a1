package io.jdefer.agent;

import static io.jdefer.agent.RuntimeAbi.IMPLICIT_RECOVER_REGISTER;
import static io.jdefer.agent.RuntimeAbi.STATE;
import static io.jdefer.agent.RuntimeAbi.STATE_CURRENT;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER_WITH;
import static io.jdefer.agent.RuntimeAbi.STATE_TOP;
import static io.jdefer.agent.RuntimeAbi.isDefer;
import static io.jdefer.agent.RuntimeAbi.isResult;
import static io.jdefer.agent.RuntimeAbi.isSetResult;
import static io.jdefer.agent.RuntimeAbi.withArg;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * Rewrites one method into a defer frame (docs/semantics.md rule 1). The result, in Java terms:
 *
 * <pre>{@code
 * GoroutineState g = GoroutineState.current();     // new local, once
 * int mark = g.top();                                // new local
 * R slot = <zero>;                                   // new local, non-void only: the result slot
 * [@Recover: ImplicitRecover.ANY / ldc condy AgentSupport.implicitRecover(types) .register(g)]
 * try {
 *     body, where  Go.defer(a)        -> g.defer(a)
 *                  Go.defer(a, x)     -> g.defer(a, x)
 *                  Go.setResult(v)    -> slot = (R) Results.convert(R.class, v, "C.m")   (non-void)
 *                  Go.result()        -> box(slot)                                       (same)
 *                  return v           -> slot = v; return g.deferReturnR(mark, slot, null)   (outside the try)
 * } catch (any t) {
 *     return g.deferReturnR(mark, slot, t);          // returns if recovered, else throws t (or a newer panic)
 * }
 * }</pre>
 *
 * The try is the body minus the return sequences, as several exception-table ranges appended
 * after the method's own handlers, so the body's own catch blocks keep precedence. Frames: the
 * reader expands them and {@link LocalVariablesSorter} adds the three new locals (allocated
 * before any original code, so they sit right after the parameters and are typed in every frame
 * of the body); the handler's frame is written here. Nothing is added to the class but
 * constant-pool entries, so the rewrite is retransformation-safe.
 */
final class FrameMethodVisitor extends LocalVariablesSorter {
    private final String where;
    private final Type returnType;
    private final int returnSort;
    private final boolean rewriteResults;
    private final boolean recover;
    private final List<Type> recoverTypes;
    private final boolean condy;

    private int g;
    private int mark;
    private int slot = -1;

    private Label rangeStart;
    private boolean codeInRange;
    private final List<Label> ranges = new ArrayList<>();

    /**
     * @param plan what to do with this method
     * @param classVersion the class file version (50 or later: stack map frames are written; condy from 55)
     */
    FrameMethodVisitor(MethodPlan plan, int classVersion, MethodVisitor next) {
        super(Opcodes.ASM9, plan.access(), plan.descriptor(), next);
        this.where = plan.owner().replace('/', '.') + "." + plan.name();
        this.returnType = Type.getReturnType(plan.descriptor());
        this.returnSort = returnType.getSort();
        // Lambda bodies too: a Go.call body that defers is this frame, and Go.call returns what
        // the lambda returns, so this slot is the only one its body and its actions may use.
        this.rewriteResults = returnSort != Type.VOID;
        this.recover = plan.recover();
        this.recoverTypes = plan.recoverTypes();
        this.condy = (classVersion & 0xFFFF) >= Opcodes.V11;
    }

    // ------------------------------------------------------------------ entry

    @Override
    public void visitCode() {
        super.visitCode();
        g = newLocal(Type.getObjectType(STATE));
        mark = newLocal(Type.INT_TYPE);
        if (returnSort != Type.VOID) {
            slot = newLocal(returnType);
        }
        STATE_CURRENT.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, g);                           // stack: (empty)
        mv.visitVarInsn(Opcodes.ALOAD, g);
        STATE_TOP.emit(mv);
        mv.visitVarInsn(Opcodes.ISTORE, mark);
        if (slot >= 0) {
            pushZero();
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);
        }
        if (recover) {
            pushImplicitRecover();                                    // stack: (top) recover
            mv.visitVarInsn(Opcodes.ALOAD, g);                        // stack: (top) g,recover
            IMPLICIT_RECOVER_REGISTER.emit(mv);
        }
        openRange();
    }

    private void pushImplicitRecover() {
        Emit.implicitRecover(mv, recoverTypes, condy);
    }

    // ------------------------------------------------------------------ body

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            closeRange();
            if (slot >= 0) {
                mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);   // return v: v into the slot
            }
            emitDeferReturn(false);
            openRange();
            return;
        }
        codeInRange = true;
        super.visitInsn(opcode);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        codeInRange = true;
        if (isDefer(opcode, owner, name, descriptor) || isSetResult(opcode, owner, name, descriptor)
                || isResult(opcode, owner, name, descriptor)) {
            if (isDefer(opcode, owner, name, descriptor) && !withArg(descriptor)) {
                // stack: (top) action
                mv.visitVarInsn(Opcodes.ALOAD, g);                    // stack: (top) g,action
                mv.visitInsn(Opcodes.SWAP);                           // stack: (top) action,g
                STATE_DEFER.emit(mv);
                return;
            }
            if (isDefer(opcode, owner, name, descriptor)) {
                // stack: (top) arg,action
                mv.visitVarInsn(Opcodes.ALOAD, g);                    // stack: (top) g,arg,action
                mv.visitInsn(Opcodes.DUP_X2);                         // stack: (top) g,arg,action,g
                mv.visitInsn(Opcodes.POP);                            // stack: (top) arg,action,g
                STATE_DEFER_WITH.emit(mv);
                return;
            }
            if (rewriteResults && isSetResult(opcode, owner, name, descriptor)) {
                Emit.setResultIntoSlot(mv, returnType, where, slot);
                return;
            }
            if (rewriteResults && isResult(opcode, owner, name, descriptor)) {
                Emit.resultFromSlot(mv, returnType, slot);
                return;
            }
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    // Every other instruction only marks the current try range as non-empty.

    @Override
    public void visitIntInsn(int opcode, int operand) {
        codeInRange = true;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        codeInRange = true;
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        codeInRange = true;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        codeInRange = true;
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
        codeInRange = true;
        super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        codeInRange = true;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        codeInRange = true;
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        codeInRange = true;
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        codeInRange = true;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        codeInRange = true;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        codeInRange = true;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    // ------------------------------------------------------------------ exit

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        closeRange();
        if (!ranges.isEmpty()) {
            Label handler = new Label();
            mv.visitLabel(handler);
            // Only the new locals are live in the handler; the body's locals are TOP.
            int n = g + 2 + (slot >= 0 ? 1 : 0);
            Object[] locals = new Object[n];
            for (int i = 0; i < g; i++) {
                locals[i] = Opcodes.TOP;
            }
            locals[g] = STATE;
            locals[g + 1] = Opcodes.INTEGER;
            if (slot >= 0) {
                locals[g + 2] = frameType(returnType);
            }
            mv.visitFrame(Opcodes.F_NEW, n, locals, 1, new Object[] {"java/lang/Throwable"});
            emitDeferReturn(true);
            for (int i = 0; i < ranges.size(); i += 2) {
                mv.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), handler, null);
            }
        }
        // The sequences above need at most 6 more stack slots than the body (g, mark, a long
        // result, the throwable, the class), on top of whatever the body left below a return;
        // 8 leaves a margin, since too few is a VerifyError and too many costs nothing.
        super.visitMaxs(maxStack + 8, maxLocals);
    }

    /**
     * {@code g.deferReturnR(mark, slot, thrown)} and the return. On a normal return the value is
     * already in the slot; in the handler the throwable is on the stack.
     */
    private void emitDeferReturn(boolean thrown) {
        int t = -1;
        if (thrown) {
            t = newLocal(Type.getObjectType("java/lang/Throwable"));   // handler only: no frame follows
            mv.visitVarInsn(Opcodes.ASTORE, t);
        }
        mv.visitVarInsn(Opcodes.ALOAD, g);
        mv.visitVarInsn(Opcodes.ILOAD, mark);
        if (slot >= 0) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), slot);
        }
        if (thrown) {
            mv.visitVarInsn(Opcodes.ALOAD, t);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        // stack: (top) thrown,slot,mark,g
        Emit.deferReturn(mv, returnType);
    }

    private void openRange() {
        rangeStart = new Label();
        mv.visitLabel(rangeStart);
        codeInRange = false;
    }

    private void closeRange() {
        if (codeInRange) {
            Label end = new Label();
            mv.visitLabel(end);
            ranges.add(rangeStart);
            ranges.add(end);
        }
        codeInRange = false;
    }

    // ------------------------------------------------------------------ small emitters

    private void pushZero() {
        Emit.zero(mv, returnSort);
    }

    private static Object frameType(Type t) {
        return Emit.frameType(t);
    }
}
