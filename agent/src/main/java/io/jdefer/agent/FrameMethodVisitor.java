package io.jdefer.agent;

import static io.jdefer.agent.RuntimeAbi.STATE;
import static io.jdefer.agent.RuntimeAbi.STATE_CURRENT;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER_WITH;
import static io.jdefer.agent.RuntimeAbi.STATE_NOT_EXACTLY;
import static io.jdefer.agent.RuntimeAbi.STATE_TOP;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

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
 *                                        or, when no action uses the result slot (quiet):
 *                                           slot = v; return g.deferReturnQuietR(mark, slot)
 *                                        and with a JDK method reference whose receiver it checks
 *                                        (loud = 0 on entry; at that defer, loud |= notExactly(x, C...)):
 *                                           slot = v; return loud == 0 ? g.deferReturnQuietR(mark, slot)
 *                                                                      : g.deferReturnR(mark, slot, null)
 * } catch (any t) {
 *     return g.deferReturnR(mark, slot, t);          // returns if recovered, else throws t (or a newer panic)
 * }
 * }</pre>
 *
 * The try is the body minus the return sequences, as several exception-table ranges appended
 * after the method's own handlers, so the body's own catch blocks keep precedence. The three new
 * locals are {@link FrameRewrite}'s: typed in every frame of the body, and the only locals the
 * handler's frame declares.
 */
final class FrameMethodVisitor extends FrameRewrite {
    private int g;
    private int mark;

    private Label rangeStart;
    private boolean codeInRange;
    private final List<Label> ranges = new ArrayList<>();

    /**
     * Null for the full normal exit; else the normal exit leaves the result slot alone (no deferred
     * action uses it), and per call site the exact classes its argument must have for that, or null.
     */
    private final String[][] quietGuards;
    private final boolean guarded;
    /** Set (non-zero) once a guarded site deferred an argument outside its classes: take the full exit. */
    private int loud = -1;
    private int site;

    /**
     * @param plan what to do with this method
     * @param quietGuards null for the full exit, else the guards of a quiet one ({@link OpenCodedPlanner#quietExits})
     * @param classVersion the class file version (50 or later: stack map frames are written; condy from 55)
     */
    FrameMethodVisitor(MethodPlan plan, String[][] quietGuards, int classVersion, MethodVisitor next) {
        super(plan, classVersion, next);
        this.quietGuards = quietGuards;
        boolean g = false;
        if (quietGuards != null) {
            for (String[] classes : quietGuards) {
                g |= classes != null;
            }
        }
        this.guarded = g;
    }

    // ------------------------------------------------------------------ entry

    @Override
    void declareLocals() {
        g = newFrameLocal(Type.getObjectType(STATE));
        mark = newFrameLocal(Type.INT_TYPE);
        declareResultSlot();
        if (guarded) {
            loud = newFrameLocal(Type.INT_TYPE);
        }
    }

    @Override
    void enter() {
        STATE_CURRENT.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, g);                           // stack: (empty)
        mv.visitVarInsn(Opcodes.ALOAD, g);
        STATE_TOP.emit(mv);
        mv.visitVarInsn(Opcodes.ISTORE, mark);
        initResultSlot();
        if (guarded) {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, loud);
        }
        registerImplicitRecover(g);
        openRange();
    }

    // ------------------------------------------------------------------ body

    @Override
    void onReturn() {
        closeRange();
        storeResult();
        if (guarded) {
            // the planner checked that the return left nothing else on the stack
            Label full = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, loud);
            mv.visitJumpInsn(Opcodes.IFNE, full);
            emitQuietReturn(g, mark);
            mv.visitLabel(full);
            frame(null);
            emitDeferReturn(g, mark, -1);
        } else if (quietGuards != null) {
            emitQuietReturn(g, mark);
        } else {
            emitDeferReturn(g, mark, -1);
        }
        openRange();
    }

    @Override
    void onDefer(boolean withArg) {
        String[] exact = guarded && site < quietGuards.length ? quietGuards[site] : null;
        site++;
        if (exact != null) {
            // stack: (top) arg,action -> loud |= notExactly(arg, classes...)
            mv.visitInsn(Opcodes.DUP);
            for (int i = 0; i < OpenCodedPlanner.MAX_GUARD_CLASSES; i++) {
                if (i < exact.length) {
                    mv.visitLdcInsn(Type.getObjectType(exact[i]));
                } else {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                }
            }
            STATE_NOT_EXACTLY.emit(mv);
            mv.visitVarInsn(Opcodes.ILOAD, loud);
            mv.visitInsn(Opcodes.IOR);
            mv.visitVarInsn(Opcodes.ISTORE, loud);
        }
        mv.visitVarInsn(Opcodes.ALOAD, g);
        if (withArg) {
            // stack: (top) g,arg,action
            mv.visitInsn(Opcodes.DUP_X2);                             // stack: (top) g,arg,action,g
            mv.visitInsn(Opcodes.POP);                                // stack: (top) arg,action,g
            STATE_DEFER_WITH.emit(mv);
        } else {
            // stack: (top) g,action
            mv.visitInsn(Opcodes.SWAP);                               // stack: (top) action,g
            STATE_DEFER.emit(mv);
        }
    }

    // Every other instruction only marks the current try range as non-empty.

    @Override
    public void visitInsn(int opcode) {
        if (!isReturn(opcode)) {
            codeInRange = true;
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        codeInRange = true;
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

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
            frame("java/lang/Throwable");
            int t = newLocal(Type.getObjectType("java/lang/Throwable"));   // no frame follows: in none
            mv.visitVarInsn(Opcodes.ASTORE, t);
            emitDeferReturn(g, mark, t);
            for (int i = 0; i < ranges.size(); i += 2) {
                mv.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), handler, null);
            }
        }
        // The sequences above need at most 6 more stack slots than the body (g, mark, a long
        // result, the throwable, the class), on top of whatever the body left below a return;
        // 8 leaves a margin, since too few is a VerifyError and too many costs nothing.
        super.visitMaxs(maxStack + 8, maxLocals);
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
}
