package io.jdefer.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * The generated programs: a small statement language that both renderers understand. Every node
 * is mutable only so that the minimizer can drop statements and functions in place of copies.
 */
final class Ast {
    private Ast() {
    }

    /**
     * The Java result type of a function with a result. Go sees a named {@code r int}, or
     * {@code r bool} for the boolean types: an int value v becomes the bool {@code v % 2 != 0},
     * a bool read as an int is 1 or 0, so false is the zero value on both sides.
     */
    enum JType {
        INT("int"), LONG("long"), SHORT("short"), BYTE("byte"), CHAR("char"), FLOAT("float"), DOUBLE("double"),
        INTEGER("Integer"), OBJECT("Object"), BOOLEAN("boolean"), BOOLEAN_BOX("Boolean");

        final String java;

        JType(String java) {
            this.java = java;
        }

        boolean isBool() {
            return this == BOOLEAN || this == BOOLEAN_BOX;
        }
    }

    /** How a panic statement fails; the runtime kinds are Go runtime errors / JVM exceptions. */
    enum PanicKind { STRING, INT, ERROR, INDEX, DIVIDE, NIL_MAP, NIL_POINTER }

    static final class Program {
        final long seed;
        final List<Func> funcs = new ArrayList<>();
        /** The body of the program's main function (parameter {@code a} = 7). */
        Func main;

        Program(long seed) {
            this.seed = seed;
        }

        Program copy() {
            Program p = new Program(seed);
            for (Func f : funcs) {
                p.funcs.add(f.copy());
            }
            p.main = main.copy();
            return p;
        }
    }

    static final class Func {
        final int id;
        /** null: no result. */
        JType result;
        boolean isStatic;
        /** Java: {@code @Recover}; Go: a first {@code defer func() { recover() }()}. */
        boolean recoverAll;
        /** Java: annotated {@code @Defer} (a method calling Go.defer is a frame without it). */
        boolean annotated;
        /** May call Goexit (only reached from goroutines). */
        boolean goroutineOnly;
        List<Stmt> body = new ArrayList<>();

        Func(int id) {
            this.id = id;
        }

        Func copy() {
            Func f = new Func(id);
            f.result = result;
            f.isStatic = isStatic;
            f.recoverAll = recoverAll;
            f.annotated = annotated;
            f.goroutineOnly = goroutineOnly;
            f.body = copyAll(body);
            return f;
        }
    }

    static List<Stmt> copyAll(List<Stmt> list) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : list) {
            out.add(s.copy());
        }
        return out;
    }

    /** An int expression: {@code (base + add) % 100}, base a literal, {@code a}, a loop variable, the result or a call. */
    static final class Expr {
        enum Base { LIT, PARAM, LOOPVAR, RESULT, CALL }

        final Base base;
        final int add;
        final String loopVar;
        final int callee;
        final Expr arg;

        Expr(Base base, int add, String loopVar, int callee, Expr arg) {
            this.base = base;
            this.add = add;
            this.loopVar = loopVar;
            this.callee = callee;
            this.arg = arg;
        }

        static Expr lit(int v) {
            return new Expr(Base.LIT, v, null, -1, null);
        }
    }

    abstract static class Stmt {
        abstract Stmt copy();

        /** Child blocks, for the minimizer. */
        List<List<Stmt>> blocks() {
            return List.of();
        }
    }

    static final class Print extends Stmt {
        final String tag;

        Print(String tag) {
            this.tag = tag;
        }

        Stmt copy() {
            return new Print(tag);
        }
    }

    /** Prints an int expression (a call's value, the result, a loop variable). */
    static final class PrintExpr extends Stmt {
        final String tag;
        final Expr expr;

        PrintExpr(String tag, Expr expr) {
            this.tag = tag;
            this.expr = expr;
        }

        Stmt copy() {
            return new PrintExpr(tag, expr);
        }
    }

    /** Calls a function for its effects; a result is dropped. */
    static final class CallStmt extends Stmt {
        final int callee;
        final Expr arg;

        CallStmt(int callee, Expr arg) {
            this.callee = callee;
            this.arg = arg;
        }

        Stmt copy() {
            return new CallStmt(callee, arg);
        }
    }

    /** Go {@code r = expr}; Java {@code Go.setResult(expr)}. */
    static final class SetResult extends Stmt {
        final Expr expr;

        SetResult(Expr expr) {
            this.expr = expr;
        }

        Stmt copy() {
            return new SetResult(expr);
        }
    }

    /** {@code defer func() { body }()}; Java {@code Go.defer(() -> { body })}. */
    static final class DeferClosure extends Stmt {
        List<Stmt> body;

        DeferClosure(List<Stmt> body) {
            this.body = body;
        }

        Stmt copy() {
            return new DeferClosure(copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /** {@code defer fN(arg)}: the argument is evaluated now; Java {@code Go.defer(P::fN, arg)}. */
    static final class DeferCall extends Stmt {
        final int callee;
        final Expr arg;

        DeferCall(int callee, Expr arg) {
            this.callee = callee;
            this.arg = arg;
        }

        Stmt copy() {
            return new DeferCall(callee, arg);
        }
    }

    static final class PanicStmt extends Stmt {
        final PanicKind kind;
        final String label;
        final int value;

        PanicStmt(PanicKind kind, String label, int value) {
            this.kind = kind;
            this.label = label;
            this.value = value;
        }

        Stmt copy() {
            return new PanicStmt(kind, label, value);
        }
    }

    /** {@code recover()} called directly by a deferred closure; prints what it got. */
    static final class Recover extends Stmt {
        final String tag;
        /** Re-panic with the recovered value (newest wins; Go 1.25 prints it once). */
        final boolean repanic;
        /**
         * Prints only what it recovered, nothing for nil: Go's {@code if r := recover(); r != nil}
         * idiom, a closure that does nothing at a normal exit (the open-coded exit does not call it).
         */
        final boolean quiet;

        Recover(String tag, boolean repanic, boolean quiet) {
            this.tag = tag;
            this.repanic = repanic;
            this.quiet = quiet;
        }

        Stmt copy() {
            return new Recover(tag, repanic, quiet);
        }
    }

    /** {@code recover()} from a helper the deferred closure calls: always nil. */
    static final class HelperRecover extends Stmt {
        final String tag;

        HelperRecover(String tag) {
            this.tag = tag;
        }

        Stmt copy() {
            return new HelperRecover(tag);
        }
    }

    static final class Loop extends Stmt {
        final String var;
        final int n;
        /** Non-null when a labeled break/continue in the body refers to this loop. */
        String label;
        List<Stmt> body;

        Loop(String var, int n, String label, List<Stmt> body) {
            this.var = var;
            this.n = n;
            this.label = label;
            this.body = body;
        }

        Stmt copy() {
            return new Loop(var, n, label, copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /** {@code if var == k { break|continue [label] }}. */
    static final class BreakIf extends Stmt {
        final String var;
        final int k;
        final boolean isContinue;
        final String label;

        BreakIf(String var, int k, boolean isContinue, String label) {
            this.var = var;
            this.k = k;
            this.isContinue = isContinue;
            this.label = label;
        }

        Stmt copy() {
            return new BreakIf(var, k, isContinue, label);
        }
    }

    /** {@code if a > k { then } else { otherwise }}; otherwise may be null. */
    static final class If extends Stmt {
        final int k;
        List<Stmt> then;
        List<Stmt> otherwise;

        If(int k, List<Stmt> then, List<Stmt> otherwise) {
            this.k = k;
            this.then = then;
            this.otherwise = otherwise;
        }

        Stmt copy() {
            return new If(k, copyAll(then), otherwise == null ? null : copyAll(otherwise));
        }

        List<List<Stmt>> blocks() {
            return otherwise == null ? List.of(then) : List.of(then, otherwise);
        }
    }

    /** {@code switch a % cases.size()}; the last case is {@code default} when hasDefault. */
    static final class Switch extends Stmt {
        List<List<Stmt>> cases;
        final boolean hasDefault;

        Switch(List<List<Stmt>> cases, boolean hasDefault) {
            this.cases = cases;
            this.hasDefault = hasDefault;
        }

        Stmt copy() {
            List<List<Stmt>> c = new ArrayList<>();
            for (List<Stmt> b : cases) {
                c.add(copyAll(b));
            }
            return new Switch(c, hasDefault);
        }

        List<List<Stmt>> blocks() {
            return cases;
        }
    }

    /** {@code return expr} (expr null in a function without result or in a closure). */
    static final class Return extends Stmt {
        final Expr expr;

        Return(Expr expr) {
            this.expr = expr;
        }

        Stmt copy() {
            return new Return(expr);
        }
    }

    static final class Goexit extends Stmt {
        Stmt copy() {
            return new Goexit();
        }
    }

    /**
     * A goroutine that recovers its own panics, or a Group of members whose first panic the
     * waiter re-raises; joined before the next statement. A group's members start together but
     * each runs its body once the one before it has ended, so the output stays deterministic.
     */
    static final class GoStmt extends Stmt {
        final String tag;
        /** Java {@code Group} (the waiter re-panics with a member's panic) instead of {@code Go.go}. */
        final boolean group;
        /** One body for a goroutine, one per member (1 to 4) for a group. */
        final List<List<Stmt>> bodies;

        GoStmt(String tag, boolean group, List<List<Stmt>> bodies) {
            this.tag = tag;
            this.group = group;
            this.bodies = bodies;
        }

        Stmt copy() {
            List<List<Stmt>> c = new ArrayList<>();
            for (List<Stmt> b : bodies) {
                c.add(copyAll(b));
            }
            return new GoStmt(tag, group, c);
        }

        List<List<Stmt>> blocks() {
            return bodies;
        }
    }

    /** Java {@code try { body } finally { print }}; Go {@code func() { defer p(..); body }()}. */
    static final class TryFinally extends Stmt {
        final String tag;
        List<Stmt> body;

        TryFinally(String tag, List<Stmt> body) {
            this.tag = tag;
            this.body = body;
        }

        Stmt copy() {
            return new TryFinally(tag, copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /** Java {@code try { body } catch (RuntimeException e)}; Go a func literal whose defer recovers. */
    static final class TryCatch extends Stmt {
        final String tag;
        List<Stmt> body;

        TryCatch(String tag, List<Stmt> body) {
            this.tag = tag;
            this.body = body;
        }

        Stmt copy() {
            return new TryCatch(tag, copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /**
     * Java {@code Go.run(() -> { body })}, or with a result {@code Rt.p(tag + Rt.i(Go.call(() -> {
     * body; return ret; })))}; Go an immediately called func literal, with a named {@code r int}
     * when it has a result. Its defers bind to the lambda, its result is the lambda's.
     */
    static final class CallFrame extends Stmt {
        final String tag;
        final boolean withResult;
        /** Returned when the body can complete (null without result). */
        final Expr ret;
        List<Stmt> body;

        CallFrame(String tag, boolean withResult, Expr ret, List<Stmt> body) {
            this.tag = tag;
            this.withResult = withResult;
            this.ret = ret;
            this.body = body;
        }

        /** The function the body is rendered as: the enclosing one's callees, a result of its own. */
        Func frame(Func enclosing) {
            Func f = new Func(enclosing.id);
            f.result = withResult ? JType.INTEGER : null;
            f.isStatic = enclosing.isStatic;
            f.goroutineOnly = enclosing.goroutineOnly;
            return f;
        }

        Stmt copy() {
            return new CallFrame(tag, withResult, ret, copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /** Java {@code synchronized (LOCK) { body }}; Go a plain block. */
    static final class Sync extends Stmt {
        List<Stmt> body;

        Sync(List<Stmt> body) {
            this.body = body;
        }

        Stmt copy() {
            return new Sync(copyAll(body));
        }

        List<List<Stmt>> blocks() {
            return List.of(body);
        }
    }

    /**
     * Whether the statement cannot complete normally, by the rules javac and the Go compiler
     * share for the shapes generated here (a try/finally body is never generated terminal).
     */
    static boolean terminal(Stmt s) {
        if (s instanceof Return || s instanceof PanicStmt p && p.kind.ordinal() <= PanicKind.ERROR.ordinal()) {
            return true;
        }
        if (s instanceof If i) {
            return i.otherwise != null && terminal(i.then) && terminal(i.otherwise);
        }
        if (s instanceof Switch sw) {
            if (!sw.hasDefault) {
                return false;
            }
            for (List<Stmt> c : sw.cases) {
                if (!terminal(c) || containsSwitchBreak(c)) {
                    return false;
                }
            }
            return true;
        }
        if (s instanceof Sync y) {
            return terminal(y.body);
        }
        if (s instanceof Recover r) {
            return false;
        }
        return false;
    }

    /** Whether a break/continue in the block (not inside a function literal) names the label. */
    static boolean usesLabel(List<Stmt> block, String label) {
        for (Stmt s : block) {
            if (s instanceof BreakIf b && label.equals(b.label)) {
                return true;
            }
            if (s instanceof DeferClosure || s instanceof GoStmt || s instanceof CallFrame || s instanceof TryCatch || s instanceof TryFinally) {
                continue;
            }
            for (List<Stmt> c : s.blocks()) {
                if (usesLabel(c, label)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean terminal(List<Stmt> block) {
        return !block.isEmpty() && terminal(block.get(block.size() - 1));
    }

    /** An unlabeled break directly in a switch case (not inside a nested loop) leaves the switch. */
    private static boolean containsSwitchBreak(List<Stmt> block) {
        for (Stmt s : block) {
            if (s instanceof BreakIf b && !b.isContinue && b.label == null) {
                return true;
            }
            if (s instanceof Loop || s instanceof DeferClosure || s instanceof GoStmt || s instanceof CallFrame || s instanceof TryCatch
                    || s instanceof TryFinally) {
                continue;
            }
            for (List<Stmt> c : s.blocks()) {
                if (containsSwitchBreak(c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
