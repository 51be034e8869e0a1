package io.jdefer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The agent↔runtime contract, checked against the jdefer-runtime on this class path: every member
 * the rewritten code calls or reads exists with the emitted descriptor, is public (rewritten
 * classes live in any package), and is static exactly when the emitted instruction says so. A
 * rename or signature change in the runtime fails here, not as a {@code NoSuchMethodError} in an
 * application.
 */
class RuntimeAbiIT {

    @Test
    void everyEmittedMember_existsPublicWithItsDescriptorAndKind() throws Exception {
        List<String> bad = new ArrayList<>();
        for (RuntimeAbi.Member m : RuntimeAbi.EMITTED) {
            String why = check(m);
            if (why != null) {
                bad.add(m + ": " + why);
            }
        }
        assertEquals(List.of(), bad);
        assertTrue(RuntimeAbi.EMITTED.size() >= 32, "every deferReturn kind and every support call is listed");
    }

    @Test
    void matchedApi_isTheRuntimesApi() throws Exception {
        Class<?> go = Class.forName(RuntimeAbi.GO.replace('/', '.'));
        List<String> found = new ArrayList<>();
        for (Method m : go.getMethods()) {
            String desc = Type.getMethodDescriptor(m);
            if (RuntimeAbi.isDefer(Opcodes.INVOKESTATIC, RuntimeAbi.GO, m.getName(), desc)
                    || RuntimeAbi.isRecover(Opcodes.INVOKESTATIC, RuntimeAbi.GO, m.getName(), desc)
                    || RuntimeAbi.isRecoverThrowable(Opcodes.INVOKESTATIC, RuntimeAbi.GO, m.getName(), desc)
                    || RuntimeAbi.isResult(Opcodes.INVOKESTATIC, RuntimeAbi.GO, m.getName(), desc)
                    || RuntimeAbi.isSetResult(Opcodes.INVOKESTATIC, RuntimeAbi.GO, m.getName(), desc)) {
                assertTrue(Modifier.isStatic(m.getModifiers()), m.toString());
                found.add(m.getName() + desc);
            }
        }
        found.sort(null);
        assertEquals(List.of("defer(Lio/jdefer/Action;)V", "defer(Lio/jdefer/ActionWith;Ljava/lang/Object;)V",
                "recover()Ljava/lang/Object;", "recoverThrowable()Ljava/lang/Throwable;",
                "result()Ljava/lang/Object;", "setResult(Ljava/lang/Object;)V"), found);
        for (String ann : List.of(RuntimeAbi.DEFER_DESC, RuntimeAbi.RECOVER_DESC)) {
            assertTrue(Class.forName(Type.getType(ann).getClassName()).isAnnotation(), ann);
        }
        assertTrue(Class.forName(RuntimeAbi.RECORD_TIER_CLASS).isEnum(), RuntimeAbi.RECORD_TIER_CLASS);
    }

    private static String check(RuntimeAbi.Member m) throws ClassNotFoundException {
        Class<?> owner = Class.forName(m.owner().replace('/', '.'), false, RuntimeAbiIT.class.getClassLoader());
        if (!Modifier.isPublic(owner.getModifiers())) {
            return "class is not public";
        }
        if (m.opcode() == Opcodes.GETSTATIC) {
            for (Field f : owner.getFields()) {
                if (f.getName().equals(m.name()) && Type.getDescriptor(f.getType()).equals(m.descriptor())) {
                    return Modifier.isStatic(f.getModifiers()) ? null : "field is not static";
                }
            }
            return "no public field with this type";
        }
        Method hit = Arrays.stream(owner.getMethods())
                .filter(x -> x.getName().equals(m.name())
                        && MethodType.methodType(x.getReturnType(), x.getParameterTypes()).toMethodDescriptorString()
                                .equals(m.descriptor()))
                .findFirst().orElse(null);
        if (hit == null) {
            return "no public method with this descriptor";
        }
        boolean isStatic = Modifier.isStatic(hit.getModifiers());
        return switch (m.opcode()) {
            case Opcodes.INVOKESTATIC -> isStatic ? null : "emitted as invokestatic, but not static";
            case Opcodes.INVOKEVIRTUAL -> !isStatic && !owner.isInterface() ? null : "emitted as invokevirtual";
            case Opcodes.INVOKEINTERFACE -> !isStatic && owner.isInterface() ? null : "emitted as invokeinterface";
            default -> "unexpected opcode " + m.opcode();
        };
    }
}
