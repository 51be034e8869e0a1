package io.jdefer.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * How an inlined exit runs a record of one call site itself: the direct call of the constant
 * action's method (what its lambda class would call), or nothing for an action idle at a normal
 * exit. Built by {@link OpenCodedPlanner#quietExits} from the {@code LambdaMetafactory} call that
 * creates the action; {@link FrameMethodVisitor} emits it.
 *
 * @param opcode {@code INVOKESTATIC}, {@code INVOKEVIRTUAL} or {@code INVOKEINTERFACE}; 0 for an idle action
 * @param owner the method's class (internal name)
 * @param name the method's name
 * @param descriptor the method's descriptor
 * @param isInterface the owner is an interface
 * @param cast what the argument is cast to first (internal name, as the lambda class casts it), or
 *        null for {@code defer(action)}, whose argument is dropped
 * @param unbox the method's parameter is the primitive that {@code cast} (a wrapper class) unboxes
 *        to, as the lambda class unboxes it ({@code defer(Pool::release, id)} with {@code release(int)})
 */
record InlineCall(int opcode, String owner, String name, String descriptor, boolean isInterface, String cast,
        boolean unbox) {
    /** An action that does nothing at a normal exit: its record is popped, not run. */
    static final InlineCall IDLE = new InlineCall(0, null, null, null, false, null, false);

    /** The call, and the drop of what the method returns. stack: (top) the deferred argument → (empty) */
    void emit(MethodVisitor mv) {
        if (opcode == 0 || cast == null) {
            mv.visitInsn(Opcodes.POP);
            if (opcode == 0) {
                return;
            }
        } else if (!cast.equals("java/lang/Object")) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, cast);
            if (unbox) {
                Type p = Type.getArgumentTypes(descriptor)[0];
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, cast, p.getClassName() + "Value", "()" + p.getDescriptor(),
                        false);
            }
        }
        mv.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        int size = Type.getReturnType(descriptor).getSize();
        if (size == 2) {
            mv.visitInsn(Opcodes.POP2);
        } else if (size == 1) {
            mv.visitInsn(Opcodes.POP);
        }
    }
}
