package io.jdefer.difftest;

import io.jdefer.difftest.Ast.Func;
import io.jdefer.difftest.Ast.Program;
import io.jdefer.difftest.Ast.Return;
import io.jdefer.difftest.Ast.Stmt;
import java.util.ArrayList;
import java.util.List;

/** Smaller variants of a program: each drops one statement, or empties one function. */
final class Minimizer {
    private Minimizer() {
    }

    static List<Program> candidates(Program p) {
        List<Program> out = new ArrayList<>();
        // whole functions first: the biggest steps
        for (int f = 0; f < p.funcs.size(); f++) {
            if (p.funcs.get(f).body.size() > 1 || p.funcs.get(f).result == null && !p.funcs.get(f).body.isEmpty()) {
                Program c = p.copy();
                c.funcs.get(f).body.clear();
                fix(c);
                out.add(c);
            }
        }
        int n = count(p);
        for (int k = 0; k < n; k++) {
            Program c = p.copy();
            int[] left = {k};
            for (Func f : all(c)) {
                if (drop(f.body, left)) {
                    break;
                }
            }
            fix(c);
            out.add(c);
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

    /** Drops the statement numbered left[0] (pre-order); true once dropped. */
    private static boolean drop(List<Stmt> block, int[] left) {
        for (int i = 0; i < block.size(); i++) {
            if (left[0]-- == 0) {
                block.remove(i);
                return true;
            }
            for (List<Stmt> b : block.get(i).blocks()) {
                if (drop(b, left)) {
                    return true;
                }
            }
        }
        return false;
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
