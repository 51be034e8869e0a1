package io.jdefer.agent;

import static io.jdefer.agent.RuntimeAbi.ACTION;
import static io.jdefer.agent.RuntimeAbi.ACTION_RUN;
import static io.jdefer.agent.RuntimeAbi.ACTION_WITH;
import static io.jdefer.agent.RuntimeAbi.ACTION_WITH_ACCEPT;
import static io.jdefer.agent.RuntimeAbi.NON_NIL_ACTION;
import static io.jdefer.agent.RuntimeAbi.NON_NIL_ACTION_WITH;
import static io.jdefer.agent.RuntimeAbi.STATE;
import static io.jdefer.agent.RuntimeAbi.STATE_CURRENT;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER;
import static io.jdefer.agent.RuntimeAbi.STATE_DEFER_WITH;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites one frame method into the open-coded shape (docs/architecture.md "Open-coding"; Go 1.14
 * open-coded defers; {@link OpenCodedPlanner} decided it may). In Java terms, with new locals
 * initialised at entry ({@code long mask = 0}, {@code f_i = null}, {@code a_i = null},
 * {@code slot = <zero>}):
 *
 * <pre>{@code
 * body, where  Go.defer(a)      at site i -> f_i = a;           mask |= 1L << i
 *              Go.defer(a, x)   at site i -> f_i = a; a_i = x;  mask |= 1L << i
 *              Go.setResult(v)  -> slot = (R) Results.convert(R.class, v, "C.m")  (non-void)
 *              Go.result()      -> box(slot)                                      (same)
 *              return v         -> slot = v; goto exit
 * exit:        [publish: g = current(); save g's slot; OpenCodedSupport.publish(g, R.class, bits(slot), slot, "C#m")]
 *              for i = n-1 .. 0:
 *                  if ((mask & 1L << i) != 0) { mask &= ~(1L << i); OpenCodedSupport.nonNil(f_i).run() / .accept(a_i); }
 *              [publish: slot = g's slot; restore the saved one]
 *              return slot;
 * handler (covers the body and exit, catch any t):
 *              [published: slot = g's slot; restore the saved one]
 *              GoroutineState g = GoroutineState.current();
 *              t = OpenCodedSupport.handOver(g, t, mask != 0);    // runs records a fault stranded above us
 *              int mark = OpenCodedSupport.handOverMark(g);
 *              [@Recover: implicit recover .register(g)]
 *              for i = 0 .. n-1: if ((mask & 1L << i) != 0) g.defer(f_i[, a_i]);   // registered, not yet run
 *              return g.deferReturnR(mark, slot, t);
 * }</pre>
 *
 * The normal path touches no thread-local state unless the plan says to publish the result slot
 * (some action may call {@code Go.result()}/{@code Go.setResult}), and each deferred action is called
 * by its own monomorphic {@code invokeinterface}. A bit is cleared before its action runs, so when an action
 * throws the handler hands over only those not yet run, and the runtime continues with the record
 * tier's semantics (panic, recover, Goexit, result slot). The exit block is shared by every return
 * and placed after all original code, so no exception range of the body covers it; its line number
 * is the method's last line (Go attributes deferred calls at exit to the closing brace). The new
 * locals are {@link FrameRewrite}'s: typed in every frame of the body, and the only ones the frames
 * of the exit block and handler declare (the handler's own three besides).
 */
final class OpenCodedMethodVisitor extends FrameRewrite {

    private final boolean[] withArg;
    private final boolean publish;
    private final boolean[] idle;
    private final long publishSites;
    private final String[][] guards;
    private final String exitName;

    private int mask;
    private int[] fn;
    private int[] arg;
    /** Only when the exit publishes its slot: the goroutine, the saved enclosing slot, and "published". */
    private int pg = -1;
    private int savedType;
    private int savedBits;
    private int savedRef;
    private int savedExit;
    private int published;

    private int site;
    private int maxLine;
    private boolean sawReturn;
    private final Label bodyStart = new Label();
    private final Label exit = new Label();

    /**
     * @param plan the frame method
     * @param open the open-coding plan (eligible)
     * @param classVersion the class file version (50 or later: stack map frames are written; condy from 55)
     */
    OpenCodedMethodVisitor(MethodPlan plan, OpenCodedPlan open, int classVersion, MethodVisitor next) {
        super(plan, classVersion, next);
        this.withArg = open.withArg();
        this.publish = open.publish();
        this.idle = open.idle();
        this.publishSites = open.publishSites();
        this.guards = open.guarded() ? open.guards() : null;
        this.exitName = plan.owner().replace('/', '.') + "#" + plan.name();
    }

    // ------------------------------------------------------------------ entry

    @Override
    void declareLocals() {
        int n = withArg.length;
        mask = newFrameLocal(Type.LONG_TYPE);
        fn = new int[n];
        arg = new int[n];
        for (int i = 0; i < n; i++) {
            fn[i] = newFrameLocal(Type.getObjectType(withArg[i] ? ACTION_WITH : ACTION));
            arg[i] = withArg[i] ? newFrameLocal(Type.getObjectType("java/lang/Object")) : -1;
        }
        declareResultSlot();
        if (publish) {
            pg = newFrameLocal(Type.getObjectType(STATE));
            savedType = newFrameLocal(Type.getObjectType("java/lang/Class"));
            savedBits = newFrameLocal(Type.LONG_TYPE);
            savedRef = newFrameLocal(Type.getObjectType("java/lang/Object"));
            savedExit = newFrameLocal(Type.getObjectType("java/lang/Object"));
            published = newFrameLocal(Type.INT_TYPE);
        }
    }

    @Override
    void enter() {
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, mask);
        for (int i = 0; i < withArg.length; i++) {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, fn[i]);
            if (arg[i] >= 0) {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, arg[i]);
            }
        }
        initResultSlot();
        if (publish) {
            for (int local : new int[] {pg, savedType, savedRef, savedExit}) {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, local);
            }
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitVarInsn(Opcodes.LSTORE, savedBits);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, published);
        }
        mv.visitLabel(bodyStart);
    }

    // ------------------------------------------------------------------ body

    @Override
    public void visitLineNumber(int line, Label start) {
        maxLine = Math.max(maxLine, line);
        super.visitLineNumber(line, start);
    }

    @Override
    void onReturn() {
        storeResult();
        mv.visitJumpInsn(Opcodes.GOTO, exit);
        sawReturn = true;
    }

    @Override
    void onDefer(boolean with) {
        int i = site++;
        if (i >= withArg.length || withArg[i] != with) {
            throw new IllegalStateException("open-coding " + where + ": Go.defer call sites differ from its plan");
        }
        if (with) {
            mv.visitVarInsn(Opcodes.ASTORE, arg[i]);                  // stack: (top) arg,action
        }
        mv.visitVarInsn(Opcodes.ASTORE, fn[i]);
        mv.visitVarInsn(Opcodes.LLOAD, mask);
        mv.visitLdcInsn(1L << i);
        mv.visitInsn(Opcodes.LOR);
        mv.visitVarInsn(Opcodes.LSTORE, mask);
    }

    // ------------------------------------------------------------------ exit and handler

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (site != withArg.length) {
            throw new IllegalStateException("open-coding " + where + ": Go.defer call sites differ from its plan");
        }
        int n = withArg.length;
        if (sawReturn) {
            mv.visitLabel(exit);
            frame(null);
            if (maxLine > 0) {
                mv.visitLineNumber(maxLine, exit);
            }
            if (guards != null) {
                emitGuardedPublish();
            } else if (publish) {
                emitPublish();
            }
            for (int i = n - 1; i >= 0; i--) {
                if (idle[i]) {
                    // it runs and does nothing; its bit goes all the same, or an older action's panic would run it
                    clearBit(i);
                    continue;
                }
                Label skip = new Label();
                testBit(i, skip);
                clearBit(i);                                          // cleared before it runs
                mv.visitVarInsn(Opcodes.ALOAD, fn[i]);
                if (withArg[i]) {
                    NON_NIL_ACTION_WITH.emit(mv);
                    mv.visitVarInsn(Opcodes.ALOAD, arg[i]);
                    ACTION_WITH_ACCEPT.emit(mv);
                } else {
                    NON_NIL_ACTION.emit(mv);
                    ACTION_RUN.emit(mv);
                }
                mv.visitLabel(skip);
                frame(null);
            }
            if (guards != null) {
                Label notPublished = new Label();
                mv.visitVarInsn(Opcodes.ILOAD, published);
                mv.visitJumpInsn(Opcodes.IFEQ, notPublished);
                emitTakeBack();
                mv.visitLabel(notPublished);
                frame(null);
            } else if (publish) {
                emitTakeBack();
            }
            if (slot >= 0) {
                mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), slot);
            }
            mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        }

        Label handler = new Label();
        mv.visitLabel(handler);
        frame("java/lang/Throwable");
        if (maxLine > 0) {
            mv.visitLineNumber(maxLine, handler);
        }
        if (publish) {
            // An action threw while the slot was published: what earlier actions stored is the
            // result the records continue with, and the enclosing exit gets its slot back first.
            Label notPublished = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, published);
            mv.visitJumpInsn(Opcodes.IFEQ, notPublished);
            emitTakeBack();
            mv.visitLabel(notPublished);
            frame("java/lang/Throwable");
        }
        // handler only: allocated after the body, so no frame of the body or the exit block has them
        int t = newLocal(Type.getObjectType("java/lang/Throwable"));
        int g = newLocal(Type.getObjectType(STATE));
        int mark = newLocal(Type.INT_TYPE);
        STATE_CURRENT.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, g);
        // stack: (top) t. Records a fault stranded above us run first; then the hand-over is marked.
        mv.visitVarInsn(Opcodes.ALOAD, g);
        mv.visitInsn(Opcodes.SWAP);
        if (recover) {
            mv.visitInsn(Opcodes.ICONST_1);
        } else {
            mv.visitVarInsn(Opcodes.LLOAD, mask);
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitInsn(Opcodes.LCMP);                           // 0 when nothing is registered
        }
        RuntimeAbi.OC_HAND_OVER.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, t);
        mv.visitVarInsn(Opcodes.ALOAD, g);
        RuntimeAbi.OC_HAND_OVER_MARK.emit(mv);
        mv.visitVarInsn(Opcodes.ISTORE, mark);
        registerImplicitRecover(g);                                   // as if it were the first defer
        for (int i = 0; i < n; i++) {
            // registered and not yet run: a record, oldest first (the frame at skip also declares the
            // handler's own locals, which the code after it reads)
            Label skip = new Label();
            testBit(i, skip);
            mv.visitVarInsn(Opcodes.ALOAD, g);
            mv.visitVarInsn(Opcodes.ALOAD, fn[i]);
            if (withArg[i]) {
                mv.visitVarInsn(Opcodes.ALOAD, arg[i]);
                STATE_DEFER_WITH.emit(mv);
            } else {
                STATE_DEFER.emit(mv);
            }
            mv.visitLabel(skip);
            frame(null, new int[] {t, g, mark}, new Object[] {"java/lang/Throwable", STATE, Opcodes.INTEGER});
        }
        emitDeferReturn(g, mark, t);
        mv.visitTryCatchBlock(bodyStart, handler, handler, null);
        // at most 8 more stack slots than the body (publish: g, type, long bits, ref, name; the handler:
        // the throwable below a restore of 6); 10 leaves a margin, since too few is a VerifyError and
        // too many costs nothing
        super.visitMaxs(maxStack + 10, maxLocals);
    }

    /**
     * Saves the enclosing exit's slot in locals and publishes this method's result (its return value
     * now) for the deferred actions ({@code OpenCodedSupport.publish}).
     */
    private void emitPublish() {
        RuntimeAbi.OC_CURRENT.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, pg);
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        RuntimeAbi.OC_SLOT_TYPE.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, savedType);
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        RuntimeAbi.OC_SLOT_BITS.emit(mv);
        mv.visitVarInsn(Opcodes.LSTORE, savedBits);
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        RuntimeAbi.OC_SLOT_REF.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, savedRef);
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        RuntimeAbi.OC_OPEN_EXIT.emit(mv);
        mv.visitVarInsn(Opcodes.ASTORE, savedExit);
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        if (returnSort == Type.VOID) {
            mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/Void", "TYPE", "Ljava/lang/Class;");
        } else {
            Emit.classOf(mv, returnType);
        }
        switch (returnSort) {
            case Type.VOID, Type.OBJECT, Type.ARRAY -> mv.visitInsn(Opcodes.LCONST_0);
            case Type.LONG -> mv.visitVarInsn(Opcodes.LLOAD, slot);
            case Type.FLOAT -> {
                mv.visitVarInsn(Opcodes.FLOAD, slot);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                mv.visitInsn(Opcodes.I2L);
            }
            case Type.DOUBLE -> {
                mv.visitVarInsn(Opcodes.DLOAD, slot);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
            }
            default -> {                                            // int, short, byte, char, boolean (0/1)
                mv.visitVarInsn(Opcodes.ILOAD, slot);
                mv.visitInsn(Opcodes.I2L);
            }
        }
        if (returnSort == Type.OBJECT || returnSort == Type.ARRAY) {
            mv.visitVarInsn(Opcodes.ALOAD, slot);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        mv.visitLdcInsn(exitName);
        RuntimeAbi.OC_PUBLISH.emit(mv);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitVarInsn(Opcodes.ISTORE, published);
    }

    /**
     * Publishes only when it may be needed: some registered site's action may touch the slot, or a
     * guarded site's argument is not exactly one of its guard classes (a subclass may override the
     * JDK method with one that calls {@code Go.setResult}). {@code published} tells the take-back.
     */
    private void emitGuardedPublish() {
        Label doPublish = new Label();
        Label done = new Label();
        if (publishSites != 0) {
            compareMask(publishSites);
            mv.visitJumpInsn(Opcodes.IFNE, doPublish);
        }
        for (int i = 0; i < guards.length; i++) {
            if (guards[i] == null) {
                continue;
            }
            Label next = new Label();
            testBit(i, next);
            mv.visitVarInsn(Opcodes.ALOAD, arg[i]);
            mv.visitJumpInsn(Opcodes.IFNULL, doPublish);             // the call fails; the records say how
            for (String exact : guards[i]) {
                mv.visitVarInsn(Opcodes.ALOAD, arg[i]);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass", "()Ljava/lang/Class;", false);
                mv.visitLdcInsn(Type.getObjectType(exact));
                mv.visitJumpInsn(Opcodes.IF_ACMPEQ, next);
            }
            mv.visitJumpInsn(Opcodes.GOTO, doPublish);
            mv.visitLabel(next);
            frame(null);
        }
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(doPublish);
        frame(null);
        emitPublish();
        mv.visitLabel(done);
        frame(null);
    }

    /** Reads the published slot back into the result local and gives the enclosing exit its slot back. */
    private void emitTakeBack() {
        if (returnSort == Type.OBJECT || returnSort == Type.ARRAY) {
            mv.visitVarInsn(Opcodes.ALOAD, pg);
            RuntimeAbi.OC_SLOT_REF.emit(mv);
            if (!returnType.getDescriptor().equals("Ljava/lang/Object;")) {
                mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
            }
            mv.visitVarInsn(Opcodes.ASTORE, slot);
        } else if (returnSort != Type.VOID) {
            mv.visitVarInsn(Opcodes.ALOAD, pg);
            RuntimeAbi.OC_SLOT_BITS.emit(mv);
            switch (returnSort) {
                case Type.LONG -> { }
                case Type.DOUBLE -> mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble",
                        "(J)D", false);
                case Type.FLOAT -> {
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
                }
                case Type.BYTE -> {
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitInsn(Opcodes.I2B);
                }
                case Type.SHORT -> {
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitInsn(Opcodes.I2S);
                }
                case Type.CHAR -> {
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitInsn(Opcodes.I2C);
                }
                default -> mv.visitInsn(Opcodes.L2I);               // int; boolean bits are 0 or 1
            }
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);
        }
        mv.visitVarInsn(Opcodes.ALOAD, pg);
        mv.visitVarInsn(Opcodes.ALOAD, savedType);
        mv.visitVarInsn(Opcodes.LLOAD, savedBits);
        mv.visitVarInsn(Opcodes.ALOAD, savedRef);
        mv.visitVarInsn(Opcodes.ALOAD, savedExit);
        RuntimeAbi.OC_RESTORE.emit(mv);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, published);
    }

    /** Jumps to {@code skip} unless site {@code i}'s bit is set in the mask. */
    private void testBit(int i, Label skip) {
        compareMask(1L << i);
        mv.visitJumpInsn(Opcodes.IFEQ, skip);
    }

    /** stack: → (top) {@code (mask & bits) == 0 ? 0 : ±1}, for an {@code IFEQ}/{@code IFNE}. */
    private void compareMask(long bits) {
        mv.visitVarInsn(Opcodes.LLOAD, mask);
        mv.visitLdcInsn(bits);
        mv.visitInsn(Opcodes.LAND);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitInsn(Opcodes.LCMP);
    }

    /** {@code mask &= ~(1L << i)}. */
    private void clearBit(int i) {
        mv.visitVarInsn(Opcodes.LLOAD, mask);
        mv.visitLdcInsn(~(1L << i));
        mv.visitInsn(Opcodes.LAND);
        mv.visitVarInsn(Opcodes.LSTORE, mask);
    }
}
