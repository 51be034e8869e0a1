package io.jdefer.agent;

import static io.jdefer.agent.RuntimeAbi.IMPLICIT_RECOVER_REGISTER;
import static io.jdefer.agent.RuntimeAbi.isDefer;
import static io.jdefer.agent.RuntimeAbi.isResult;
import static io.jdefer.agent.RuntimeAbi.isSetResult;
import static io.jdefer.agent.RuntimeAbi.withArg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * What both frame rewrites share (docs/semantics.md rule 1): {@link FrameMethodVisitor} keeps the
 * deferred actions as records of the goroutine, {@link OpenCodedMethodVisitor} in locals of the
 * method. Both turn the same three calls and every return of the body into something else, and
 * differ only in what that is:
 *
 * <ul>
 * <li>{@code Go.defer(a[, x])} becomes {@link #onDefer}, called with the action (and its argument
 *     above it) on the stack;
 * <li>{@code Go.setResult(v)} and {@code Go.result()} of a non-void method become a store into
 *     and a load from the result slot, a local of the method's return type (Go's named result,
 *     rule 12); a void method has no slot, so there they stay calls into the runtime, where
 *     {@code setResult} fails and {@code result()} answers null;
 * <li>{@code xRETURN} becomes {@link #onReturn}, called with the return value (if any) still on the
 *     stack; it stores it with {@link #storeResult} and leaves the frame its own way.
 * </ul>
 *
 * <p>The new locals are allocated in {@link #declareLocals}, before the first original instruction
 * is visited: {@link LocalVariablesSorter} then places them right after the parameters, moves the
 * body's own locals above them, and writes their types into every frame of the body that the reader
 * expands ({@link org.objectweb.asm.ClassReader#EXPAND_FRAMES}). {@link #enter} gives each of them
 * a value before the body starts, so that type holds at every instruction. A local allocated later
 * would be missing from the frames already written and could not be read after a jump into the
 * body's earlier code; only the handler's own scratch locals, which no frame of the body reaches,
 * are allocated later.
 *
 * <p>The code a rewrite appends after the body (the record tiers' handler, the open-coded exit block
 * and handler) is reached from many places whose original locals differ, so its full frame
 * ({@link #frame}) declares the original locals {@code TOP} and only the new ones by type: they are
 * all that code reads. Nothing is added to the class but constant-pool entries, so either rewrite
 * is retransformation-safe.
 */
abstract class FrameRewrite extends LocalVariablesSorter {
    /** {@code pkg.Class.method}, as {@code Results.convert} names the method in its message. */
    protected final String where;
    protected final Type returnType;
    protected final int returnSort;
    /** {@code Go.setResult}/{@code Go.result()} go to the result slot (non-void methods). */
    protected final boolean rewriteResults;
    /** {@code @Recover}: an implicit recover is the frame's first deferred action. */
    protected final boolean recover;
    private final List<Type> recoverTypes;
    private final boolean condy;

    /** The result slot, or -1 in a void method; set by {@link #declareResultSlot}. */
    protected int slot = -1;
    /** The first new local: every local below it is the method's own. */
    private int firstNew = -1;
    /** The stack-map types of the new locals, one entry per local (a long or double takes one). */
    private final List<Object> newLocalTypes = new ArrayList<>();

    /**
     * @param plan the frame method
     * @param classVersion the class file version (50 or later: stack map frames are written; condy from 55)
     */
    FrameRewrite(MethodPlan plan, int classVersion, MethodVisitor next) {
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

    // ------------------------------------------------------------------ hooks

    /** Allocates every new local the body's frames carry, with {@link #newFrameLocal} and {@link #declareResultSlot}. */
    abstract void declareLocals();

    /** The prologue, before the first original instruction: gives every new local its first value. */
    abstract void enter();

    /**
     * A {@code Go.defer} call of the body. stack: (top) action, or (top) arg,action
     *
     * @param withArg the two-argument {@code Go.defer(ActionWith, x)}
     */
    abstract void onDefer(boolean withArg);

    /** A return of the body. stack: (top) the return value, if the method has one. */
    abstract void onReturn();

    // ------------------------------------------------------------------ the skeleton

    @Override
    public final void visitCode() {
        super.visitCode();
        declareLocals();
        enter();
    }

    @Override
    public void visitInsn(int opcode) {
        if (isReturn(opcode)) {
            onReturn();
            return;
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (isDefer(opcode, owner, name, descriptor)) {
            onDefer(withArg(descriptor));
        } else if (rewriteResults && isSetResult(opcode, owner, name, descriptor)) {
            Emit.setResultIntoSlot(mv, returnType, where, slot);
        } else if (rewriteResults && isResult(opcode, owner, name, descriptor)) {
            Emit.resultFromSlot(mv, returnType, slot);
        } else {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    static boolean isReturn(int opcode) {
        return opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
    }

    // ------------------------------------------------------------------ new locals

    /** A new local that every frame of the body and of the appended code declares. */
    final int newFrameLocal(Type type) {
        int local = newLocal(type);
        if (firstNew < 0) {
            firstNew = local;
        }
        newLocalTypes.add(Emit.frameType(type));
        return local;
    }

    /** The result slot, in a non-void method. */
    final void declareResultSlot() {
        if (returnSort != Type.VOID) {
            slot = newFrameLocal(returnType);
        }
    }

    /** {@code slot = <zero>}: what a recovered frame returns if nothing stored a result. */
    final void initResultSlot() {
        if (slot >= 0) {
            Emit.zero(mv, returnSort);
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);
        }
    }

    /** {@code return v}: v into the result slot. stack: (top) v → (empty); nothing in a void method. */
    final void storeResult() {
        if (slot >= 0) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);
        }
    }

    // ------------------------------------------------------------------ shared emitters

    /** {@code @Recover}: the implicit recover {@code .register(g)}, so it runs after every action deferred later. */
    final void registerImplicitRecover(int g) {
        if (recover) {
            Emit.implicitRecover(mv, recoverTypes, condy);            // stack: (top) recover
            mv.visitVarInsn(Opcodes.ALOAD, g);                        // stack: (top) g,recover
            IMPLICIT_RECOVER_REGISTER.emit(mv);
        }
    }

    /**
     * {@code return g.deferReturnR(mark, slot, thrown)}: the records above the mark run, then the
     * method returns the slot or throws.
     *
     * @param thrown the local holding the throwable, or -1 for a normal return (null)
     */
    final void emitDeferReturn(int g, int mark, int thrown) {
        mv.visitVarInsn(Opcodes.ALOAD, g);
        mv.visitVarInsn(Opcodes.ILOAD, mark);
        if (slot >= 0) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), slot);
        }
        if (thrown >= 0) {
            mv.visitVarInsn(Opcodes.ALOAD, thrown);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        // stack: (top) thrown,slot,mark,g
        Emit.deferReturn(mv, returnType);
    }

    /**
     * {@code return g.deferReturnQuietR(mark, slot)}: the normal exit of a method whose actions
     * never use the result slot ({@link OpenCodedPlanner#quietExits}).
     */
    final void emitQuietReturn(int g, int mark) {
        mv.visitVarInsn(Opcodes.ALOAD, g);
        mv.visitVarInsn(Opcodes.ILOAD, mark);
        if (slot >= 0) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), slot);
        }
        // stack: (top) slot,mark,g
        Emit.deferReturnQuiet(mv, returnType);
    }

    /**
     * A full frame at the current label, for code appended after the body: the original locals
     * {@code TOP}, then the new locals.
     *
     * @param stackTop the one stack entry (the handler's throwable), or null for an empty stack
     */
    final void frame(String stackTop) {
        frame(stackTop, new int[0], new Object[0]);
    }

    /**
     * {@link #frame(String)} that also declares locals allocated after the body.
     *
     * @param later those locals' indices
     * @param laterTypes their stack-map types, one per index
     */
    final void frame(String stackTop, int[] later, Object[] laterTypes) {
        int size = firstNew;
        for (Object o : newLocalTypes) {
            size += slots(o);
        }
        for (int i = 0; i < later.length; i++) {
            size = Math.max(size, later[i] + slots(laterTypes[i]));
        }
        Object[] bySlot = new Object[size];
        Arrays.fill(bySlot, Opcodes.TOP);
        int at = firstNew;
        for (Object o : newLocalTypes) {
            bySlot[at] = o;
            at += slots(o);
        }
        for (int i = 0; i < later.length; i++) {
            bySlot[later[i]] = laterTypes[i];
        }
        List<Object> locals = new ArrayList<>();
        for (int i = 0; i < size; i += slots(bySlot[i])) {
            locals.add(bySlot[i]);                                    // one entry covers both slots of a long
        }
        if (stackTop == null) {
            mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
        } else {
            mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {stackTop});
        }
    }

    private static int slots(Object frameType) {
        return frameType == Opcodes.LONG || frameType == Opcodes.DOUBLE ? 2 : 1;
    }
}
