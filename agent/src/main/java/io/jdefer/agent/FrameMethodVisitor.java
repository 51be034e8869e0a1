package io.jdefer.agent;

import static io.jdefer.agent.RuntimeAbi.STATE;
import static io.jdefer.agent.RuntimeAbi.STATE_CURRENT;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER_WITH;
import static io.jdefer.agent.RuntimeAbi.STATE_INLINED_END;
import static io.jdefer.agent.RuntimeAbi.STATE_NEWEST_FN;
import static io.jdefer.agent.RuntimeAbi.STATE_NOT_EXACTLY;
import static io.jdefer.agent.RuntimeAbi.STATE_PANIC_VOID;
import static io.jdefer.agent.RuntimeAbi.STATE_POP_ARG;
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
 *                                        and where sites defer constants it can call (inlined):
 *                                           slot = v; goto inlinedExit
 * } catch (any t) {
 *     return g.deferReturnR(mark, slot, t);          // returns if recovered, else throws t (or a newer panic)
 * }
 * inlinedExit:                                       // one copy, after the body
 * if (g.top() > mark) {
 *     do {
 *         Object fn = g.newestDeferFn();
 *         if (fn == site2) { ... }                   // the previous site's first (see emitInlinedExit)
 *         else if (fn == site1) {                    // site1 = the action site 1 deferred last (initially g)
 *             Object x = g.popDeferArg();
 *             try { ((T) x).close(); } catch (any t) { return g.deferReturnR(mark, slot, t); }
 *         }                                          // an idle site's record is popped, not run
 *         else goto quiet;                           // not this frame's constant: the runtime runs the rest
 *     } while (g.top() > mark);
 *     g.inlinedExitEnd();
 * }
 * quiet: return g.deferReturnQuietR(mark, slot);
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
    /** Per site: how the inlined exit runs its records, or null; null when the exit is not inlined. */
    private final InlineCall[] inline;
    /** Per inlined site: the local holding the action it deferred last (the state itself before that). */
    private int[] siteFn;
    private Label inlinedExit;
    /** Set (non-zero) once a guarded site deferred an argument outside its classes: take the full exit. */
    private int loud = -1;
    private int site;

    /**
     * @param plan what to do with this method
     * @param quiet null for the full exit, else the quiet one ({@link OpenCodedPlanner#quietExits})
     * @param classVersion the class file version (50 or later: stack map frames are written; condy from 55)
     */
    FrameMethodVisitor(MethodPlan plan, QuietExit quiet, int classVersion, MethodVisitor next) {
        super(plan, classVersion, next);
        String[][] quietGuards = quiet == null ? null : quiet.guards();
        this.quietGuards = quietGuards;
        this.inline = quiet == null ? null : quiet.inline();
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
        if (inline != null) {
            siteFn = new int[inline.length];
            for (int i = 0; i < inline.length; i++) {
                siteFn[i] = inline[i] == null ? -1 : newFrameLocal(Type.getType(Object.class));
            }
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
        if (siteFn != null) {
            // Never an action: a record matches a site only once the site has deferred.
            for (int local : siteFn) {
                if (local >= 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, g);
                    mv.visitVarInsn(Opcodes.ASTORE, local);
                }
            }
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
            quietReturn();
            mv.visitLabel(full);
            frame(null);
            emitDeferReturn(g, mark, -1);
        } else if (quietGuards != null) {
            quietReturn();
        } else {
            emitDeferReturn(g, mark, -1);
        }
        openRange();
    }

    private void quietReturn() {
        if (inline == null) {
            emitQuietReturn(g, mark);
            return;
        }
        if (inlinedExit == null) {
            inlinedExit = new Label();
        }
        mv.visitJumpInsn(Opcodes.GOTO, inlinedExit);
    }

    @Override
    void onDefer(boolean withArg) {
        String[] exact = guarded && site < quietGuards.length ? quietGuards[site] : null;
        int fnLocal = siteFn != null && site < siteFn.length ? siteFn[site] : -1;
        site++;
        if (fnLocal >= 0) {
            if (withArg) {
                mv.visitInsn(Opcodes.SWAP);                           // stack: (top) action,arg
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, fnLocal);
                mv.visitInsn(Opcodes.SWAP);                           // stack: (top) arg,action
            } else {
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, fnLocal);
            }
        }
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
        if (inlinedExit != null) {
            emitInlinedExit();
        }
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

    /**
     * The inlined exit every quiet return jumps to; see the class comment. After a record of one
     * site, the next is most often the previous site's (straight-line code pops them in reverse,
     * a loop wraps around to its last site): that site is compared first, and only a miss walks
     * the comparisons of every site, newest site first.
     */
    private void emitInlinedExit() {
        List<Integer> sites = new ArrayList<>();
        for (int i = 0; i < inline.length; i++) {
            if (inline[i] != null) {
                sites.add(i);
            }
        }
        Label chain = new Label();
        Label end = new Label();
        Label quiet = new Label();
        Label threw = new Label();
        Label[] run = new Label[sites.size()];
        for (int j = 0; j < run.length; j++) {
            run[j] = new Label();
        }
        List<Label> calls = new ArrayList<>();
        mv.visitLabel(inlinedExit);
        frame(null);
        mv.visitVarInsn(Opcodes.ALOAD, g);
        STATE_TOP.emit(mv);
        mv.visitVarInsn(Opcodes.ILOAD, mark);
        mv.visitJumpInsn(Opcodes.IF_ICMPLE, quiet);
        mv.visitVarInsn(Opcodes.ALOAD, g);
        STATE_NEWEST_FN.emit(mv);                                     // stack: (top) fn
        mv.visitLabel(chain);
        frame("java/lang/Object");
        for (int j = run.length - 1; j >= 0; j--) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, siteFn[sites.get(j)]);
            mv.visitJumpInsn(Opcodes.IF_ACMPEQ, run[j]);
        }
        mv.visitInsn(Opcodes.POP);                                    // not this frame's constant
        mv.visitJumpInsn(Opcodes.GOTO, quiet);
        for (int j = 0; j < run.length; j++) {
            mv.visitLabel(run[j]);
            frame("java/lang/Object");
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, g);
            STATE_POP_ARG.emit(mv);                                   // stack: (top) arg
            Label start = new Label();
            Label stop = new Label();
            mv.visitLabel(start);
            inline[sites.get(j)].emit(mv);                            // the cast too: as in the lambda class
            mv.visitLabel(stop);
            calls.add(start);
            calls.add(stop);
            mv.visitVarInsn(Opcodes.ALOAD, g);
            STATE_TOP.emit(mv);
            mv.visitVarInsn(Opcodes.ILOAD, mark);
            mv.visitJumpInsn(Opcodes.IF_ICMPLE, end);
            mv.visitVarInsn(Opcodes.ALOAD, g);
            STATE_NEWEST_FN.emit(mv);
            int previous = (j + run.length - 1) % run.length;
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, siteFn[sites.get(previous)]);
            mv.visitJumpInsn(Opcodes.IF_ACMPEQ, run[previous]);
            mv.visitJumpInsn(Opcodes.GOTO, chain);
        }
        mv.visitLabel(end);
        frame(null);
        mv.visitVarInsn(Opcodes.ALOAD, g);
        STATE_INLINED_END.emit(mv);
        mv.visitLabel(quiet);
        frame(null);
        emitQuietReturn(g, mark);
        // An action threw: from here the frame panics, with the records below it still to run.
        mv.visitLabel(threw);
        frame("java/lang/Throwable");
        int t = newLocal(Type.getObjectType("java/lang/Throwable"));   // no frame follows: in none
        mv.visitVarInsn(Opcodes.ASTORE, t);
        if (slot < 0) {
            mv.visitVarInsn(Opcodes.ALOAD, g);
            mv.visitVarInsn(Opcodes.ILOAD, mark);
            mv.visitVarInsn(Opcodes.ALOAD, t);
            STATE_PANIC_VOID.emit(mv);
            mv.visitInsn(Opcodes.RETURN);
        } else {
            emitDeferReturn(g, mark, t);
        }
        for (int i = 0; i < calls.size(); i += 2) {
            mv.visitTryCatchBlock(calls.get(i), calls.get(i + 1), threw, null);
        }
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
