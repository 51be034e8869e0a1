package io.jdefer.difftest;

import io.jdefer.difftest.Ast.Func;
import io.jdefer.difftest.Ast.Program;
import io.jdefer.difftest.Ast.Return;
import io.jdefer.difftest.Ast.Stmt;
import java.util.ArrayList;
import java.util.List;

/** Smaller variants of a program: statements dropped by their pre-order number. */
final class Minimizer {
    private Minimizer() {
    }

    /** Statements of {@code p}, numbered in pre-order: what {@link #without} takes. */
    static int statements(Program p) {
        return count(p);
    }

    /** Single-step variants: each function emptied, then each statement dropped (index k = statement k). */
    static List<Program> candidates(Program p) {
        List<Program> out = new ArrayList<>();
        for (int k = 0; k < count(p); k++) {
            out.add(without(p, java.util.Set.of(k)));
        }
        return out;
    }

    /** {@code p} without the statements numbered in {@code drop} (and their children). */
    static Program without(Program p, java.util.Set<Integer> drop) {
        Program c = p.copy();
        int[] next = {0};
        for (Func f : all(c)) {
            f.body = filter(f.body, drop, next);
        }
        fix(c);
        return c;
    }

    private static List<Stmt> filter(List<Stmt> block, java.util.Set<Integer> drop, int[] next) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : block) {
            boolean dropped = drop.contains(next[0]++);
            for (List<Stmt> b : s.blocks()) {
                List<Stmt> kept = filter(b, drop, next);
                b.clear();
                b.addAll(kept);
            }
            if (!dropped) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Func> all(Program p) {
        List<Func> fs = new ArrayList<>(p.funcs);
        fs.add(p.main);
        return fs;
    }

    private static int count(Program p) {
        int n = 0;
        for (Func f : all(p)) {
            n += count(f.body);
        }
        return n;
    }

    private static int count(List<Stmt> block) {
        int n = 0;
        for (Stmt s : block) {
            n++;
            for (List<Stmt> b : s.blocks()) {
                n += count(b);
            }
        }
        return n;
    }

    /** A function with a result must still end in a return (Go and javac both insist). */
    private static void fix(Program p) {
        for (Func f : p.funcs) {
            if (f.result != null && !Ast.terminal(f.body)) {
                f.body.add(new Return(Ast.Expr.lit(0)));
            }
        }
    }
}
