package io.jdefer.agent;

import java.util.ArrayDeque;
import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The control-flow graph of one method, by instruction index, exception edges included: the one
 * answer to "is this {@code Go.defer} in a loop?" for both the open-coding planner and vet, so the
 * agent never open-codes a site vet calls a loop, nor the other way round.
 */
public final class ControlFlow {
    private final BitSet[] succ;

    private ControlFlow(BitSet[] succ) {
        this.succ = succ;
    }

    /**
     * Builds the graph of {@code m}.
     *
     * @param m a method with its instructions
     * @return its control-flow graph
     */
    public static ControlFlow of(MethodNode m) {
        return new ControlFlow(successors(m));
    }

    /**
     * Whether the instruction can run more than once in one invocation.
     *
     * @param insn an instruction index
     * @return true if it lies on a cycle
     */
    public boolean onCycle(int insn) {
        return reach(insn).get(insn);
    }

    private static BitSet[] successors(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        BitSet[] succ = new BitSet[n];
        for (int i = 0; i < n; i++) {
            BitSet s = new BitSet();
            succ[i] = s;
            AbstractInsnNode in = insns.get(i);
            int op = in.getOpcode();
            if (in instanceof JumpInsnNode j) {
                s.set(insns.indexOf(j.label));
                if (op != Opcodes.GOTO) {
                    s.set(i + 1);
                }
            } else if (in instanceof TableSwitchInsnNode t) {
                s.set(insns.indexOf(t.dflt));
                for (LabelNode l : t.labels) {
                    s.set(insns.indexOf(l));
                }
            } else if (in instanceof LookupSwitchInsnNode t) {
                s.set(insns.indexOf(t.dflt));
                for (LabelNode l : t.labels) {
                    s.set(insns.indexOf(l));
                }
            } else if (!((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW)) {
                if (i + 1 < n) {
                    s.set(i + 1);
                }
            }
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            int start = insns.indexOf(tcb.start);
            int end = insns.indexOf(tcb.end);
            int handler = insns.indexOf(tcb.handler);
            for (int i = start; i < end; i++) {
                succ[i].set(handler);
            }
        }
        return succ;
    }

    /** Every index reachable from the successors of {@code from} (from itself only through a cycle). */
    BitSet reach(int from) {
        BitSet seen = new BitSet();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int k = succ[from].nextSetBit(0); k >= 0; k = succ[from].nextSetBit(k + 1)) {
            if (!seen.get(k)) {
                seen.set(k);
                todo.add(k);
            }
        }
        while (!todo.isEmpty()) {
            int i = todo.poll();
            BitSet s = succ[i];
            for (int k = s.nextSetBit(0); k >= 0; k = s.nextSetBit(k + 1)) {
                if (!seen.get(k)) {
                    seen.set(k);
                    todo.add(k);
                }
            }
        }
        return seen;
    }
}
