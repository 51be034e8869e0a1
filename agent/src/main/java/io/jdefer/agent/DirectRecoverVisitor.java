package io.jdefer.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * Gives a method that calls {@code Go.recover()} a walk-free recover (runtime
 * {@code io.jdefer.internal.DirectRecover}). In Java terms:
 *
 * <pre>{@code
 * boolean direct = DirectRecover.claim("com.example.C", "m");   // new local, first thing
 * ...
 * Go.recover()  ->  DirectRecover.recover(direct)
 * }</pre>
 *
 * {@code claim} answers whether this invocation is the deferred call the current panic is
 * running, so {@code recover} needs no stack walk; the runtime's walking {@code Go.recover()}
 * stays for code the agent did not rewrite.
 */
final class DirectRecoverVisitor extends LocalVariablesSorter {
    private final String owner;
    private final String name;
    private int direct = -1;

    DirectRecoverVisitor(int access, String owner, String name, String descriptor, MethodVisitor next) {
        super(Opcodes.ASM9, access, descriptor, next);
        this.owner = owner.replace('/', '.');
        this.name = name;
    }

    /** Is this the call the rewrite replaces? */
    static boolean isRecover(int opcode, String owner, String name, String descriptor) {
        return RuntimeAbi.isRecover(opcode, owner, name, descriptor);
    }

    @Override
    public void visitCode() {
        super.visitCode();
        direct = newLocal(Type.BOOLEAN_TYPE);
        mv.visitLdcInsn(owner);
        mv.visitLdcInsn(name);
        RuntimeAbi.DIRECT_CLAIM.emit(mv);
        mv.visitVarInsn(Opcodes.ISTORE, direct);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (isRecover(opcode, owner, name, descriptor)) {
            mv.visitVarInsn(Opcodes.ILOAD, direct);
            RuntimeAbi.DIRECT_RECOVER_CALL.emit(mv);
            return;
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack + 1, 2), maxLocals);
    }
}
