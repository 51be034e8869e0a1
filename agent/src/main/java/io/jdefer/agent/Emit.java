package io.jdefer.agent;

import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Small bytecode emitters shared by the frame rewrites (records and open-coded). */
final class Emit {
    private Emit() {
        throw new AssertionError();
    }

    /** The zero value of a return sort: what a recovered frame returns if nothing was stored. */
    static void zero(MethodVisitor mv, int sort) {
        switch (sort) {
            case Type.LONG -> mv.visitInsn(Opcodes.LCONST_0);
            case Type.FLOAT -> mv.visitInsn(Opcodes.FCONST_0);
            case Type.DOUBLE -> mv.visitInsn(Opcodes.DCONST_0);
            case Type.OBJECT, Type.ARRAY -> mv.visitInsn(Opcodes.ACONST_NULL);
            default -> mv.visitInsn(Opcodes.ICONST_0);
        }
    }

    static void intConst(MethodVisitor mv, int i) {
        if (i >= -1 && i <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + i);
        } else if (i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, i);
        } else if (i >= Short.MIN_VALUE && i <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, i);
        } else {
            mv.visitLdcInsn(i);
        }
    }

    /**
     * The implicit recover of an {@code @Recover} frame. stack: → (top) ImplicitRecover
     *
     * @param types the {@code @Recover} types, or null for the default (every Throwable)
     * @param condy the class file may use a ConstantDynamic (version 55+)
     */
    static void implicitRecover(MethodVisitor mv, List<Type> types, boolean condy) {
        boolean any = types == null
                || (types.size() == 1 && types.get(0).getInternalName().equals("java/lang/Throwable"));
        if (any) {
            RuntimeAbi.IMPLICIT_RECOVER_ANY.emit(mv);
        } else if (condy) {
            // One instance per site, resolved once by the JVM: no field added to the class.
            RuntimeAbi.Member b = RuntimeAbi.IMPLICIT_RECOVER_BSM;
            Handle bsm = new Handle(Opcodes.H_INVOKESTATIC, b.owner(), b.name(), b.descriptor(), false);
            mv.visitLdcInsn(new ConstantDynamic("implicitRecover", RuntimeAbi.IMPLICIT_RECOVER_DESC, bsm,
                    types.toArray()));
        } else {
            intConst(mv, types.size());
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Class");
            for (int i = 0; i < types.size(); i++) {
                mv.visitInsn(Opcodes.DUP);
                intConst(mv, i);
                mv.visitLdcInsn(types.get(i));
                mv.visitInsn(Opcodes.AASTORE);
            }
            RuntimeAbi.IMPLICIT_RECOVER_OF.emit(mv);
        }
    }

    /**
     * {@code g.deferReturnR(mark, slot, thrown)} and the return, for both frame rewrites.
     * stack: (top) thrown,slot,mark,g → the method returns
     */
    static void deferReturn(MethodVisitor mv, Type returnType) {
        exitAndReturn(mv, RuntimeAbi.deferReturn(returnType), returnType);
    }

    /**
     * {@code g.deferReturnQuietR(mark, slot)} and the return: the normal exit of a record-tier
     * method whose actions never use the result slot.
     * stack: (top) slot,mark,g → the method returns
     */
    static void deferReturnQuiet(MethodVisitor mv, Type returnType) {
        exitAndReturn(mv, RuntimeAbi.deferReturnQuiet(returnType), returnType);
    }

    /** A reference result also passes its {@code Class} and is cast back after the exit. */
    private static void exitAndReturn(MethodVisitor mv, RuntimeAbi.Member exit, Type returnType) {
        int sort = returnType.getSort();
        boolean reference = sort == Type.OBJECT || sort == Type.ARRAY;
        if (reference) {
            mv.visitLdcInsn(returnType);                      // stack: (top) type,...
        }
        exit.emit(mv);
        if (reference && !returnType.getDescriptor().equals("Ljava/lang/Object;")) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
        }
        mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    }

    /** {@code int.class} is {@code Integer.TYPE}; an ldc cannot name a primitive class. */
    static void classOf(MethodVisitor mv, Type t) {
        String wrapper = wrapper(t);
        if (wrapper != null) {
            mv.visitFieldInsn(Opcodes.GETSTATIC, wrapper, "TYPE", "Ljava/lang/Class;");
        } else {
            mv.visitLdcInsn(t);
        }
    }

    /**
     * {@code Go.setResult(v)} in the body of a non-void frame: into its result-slot local.
     * stack: (top) value → (empty)
     */
    static void setResultIntoSlot(MethodVisitor mv, Type returnType, String where, int slot) {
        classOf(mv, returnType);                              // stack: (top) type,value
        mv.visitInsn(Opcodes.SWAP);                           // stack: (top) value,type
        mv.visitLdcInsn(where);                               // stack: (top) where,value,type
        RuntimeAbi.RESULTS_CONVERT.emit(mv);
        unboxOrCast(mv, returnType);                          // stack: (top) R
        mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), slot);
    }

    /** {@code Go.result()} in the body of a non-void frame. stack: → (top) Object */
    static void resultFromSlot(MethodVisitor mv, Type returnType, int slot) {
        mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), slot);
        box(mv, returnType);
    }

    /** stack: (top) Object → R */
    static void unboxOrCast(MethodVisitor mv, Type returnType) {
        String wrapper = wrapper(returnType);
        if (wrapper != null) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, wrapper);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, wrapper, returnType.getClassName() + "Value",
                    "()" + returnType.getDescriptor(), false);
        } else if (!returnType.getDescriptor().equals("Ljava/lang/Object;")) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
        }
    }

    /** stack: (top) R → Object */
    static void box(MethodVisitor mv, Type returnType) {
        String wrapper = wrapper(returnType);
        if (wrapper != null) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf",
                    "(" + returnType.getDescriptor() + ")L" + wrapper + ";", false);
        }
    }

    /** The wrapper class (internal name) of a primitive type, or null for any other. */
    static String wrapper(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.BYTE -> "java/lang/Byte";
            case Type.CHAR -> "java/lang/Character";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.LONG -> "java/lang/Long";
            case Type.FLOAT -> "java/lang/Float";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
    }

    /** The stack-map frame entry of a local of type {@code t}. */
    static Object frameType(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.LONG -> Opcodes.LONG;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            case Type.ARRAY -> t.getDescriptor();
            default -> t.getInternalName();
        };
    }
}
