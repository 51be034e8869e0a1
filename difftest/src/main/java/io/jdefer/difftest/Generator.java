package io.jdefer.difftest;

import io.jdefer.difftest.Ast.BreakIf;
import io.jdefer.difftest.Ast.CallFrame;
import io.jdefer.difftest.Ast.CallStmt;
import io.jdefer.difftest.Ast.DeferCall;
import io.jdefer.difftest.Ast.DeferClosure;
import io.jdefer.difftest.Ast.Expr;
import io.jdefer.difftest.Ast.Func;
import io.jdefer.difftest.Ast.GoStmt;
import io.jdefer.difftest.Ast.Goexit;
import io.jdefer.difftest.Ast.HelperRecover;
import io.jdefer.difftest.Ast.If;
import io.jdefer.difftest.Ast.JType;
import io.jdefer.difftest.Ast.Loop;
import io.jdefer.difftest.Ast.PanicKind;
import io.jdefer.difftest.Ast.PanicStmt;
import io.jdefer.difftest.Ast.Print;
import io.jdefer.difftest.Ast.PrintExpr;
import io.jdefer.difftest.Ast.Program;
import io.jdefer.difftest.Ast.Recover;
import io.jdefer.difftest.Ast.Return;
import io.jdefer.difftest.Ast.SetResult;
import io.jdefer.difftest.Ast.Stmt;
import io.jdefer.difftest.Ast.Switch;
import io.jdefer.difftest.Ast.Sync;
import io.jdefer.difftest.Ast.TryCatch;
import io.jdefer.difftest.Ast.TryFinally;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random programs from a seed. {@link java.util.Random} is specified bit for bit, so a seed means
 * the same program on every JVM; the corpus stores only seeds (and a hash of each Go rendering to
 * notice a changed generator).
 *
 * <p>Only programs whose meaning is the same in Go 1.19 and in Go 1.21+ (which jdefer follows)
 * are generated: no {@code panic(nil)}, no closure capturing a loop variable (the per-iteration
 * loop variables of Go 1.22), no {@code Goexit} on the main goroutine. Each goroutine is joined
 * before the next statement, so the output is deterministic.
 */
final class Generator {
    /** Bumped whenever the same seed starts meaning a different program. */
    static final int VERSION = 5;

    private final Random rnd;
    private final Program prog;
    private int labels;
    private int vars;

    private Generator(long seed) {
        this.rnd = new Random(seed);
        this.prog = new Program(seed);
    }

    static Program generate(long seed) {
        return new Generator(seed).program();
    }

    /** Where a statement is generated: what it may do there. */
    private static final class Ctx {
        Func fn;
        /** 0: the function body; 1: a closure the function defers; 2+: deeper closures. */
        int closureDepth;
        boolean inGoroutine;
        /** Inside a Java try block (a Go func literal): no defer, recover, return, break. */
        boolean plain;
        /** Inside synchronized: no goroutine is started (it could wait for the monitor). */
        boolean noGo;
        /** A void return is allowed (closures, goroutine bodies, void functions). */
        boolean voidReturn;
        /** The result can be read and set ({@code r} in Go, Go.result/setResult in Java). */
        boolean resultAccess;
        /** A deferred lambda that sets the result is not given defers of its own (it would be a frame). */
        boolean noDefer;
        List<String[]> loops = new ArrayList<>();   // {var, labelOrNull-holder}
        List<Loop> loopNodes = new ArrayList<>();
        List<String> readable = new ArrayList<>();
        int nesting;

        Ctx copy() {
            Ctx c = new Ctx();
            c.fn = fn;
            c.closureDepth = closureDepth;
            c.inGoroutine = inGoroutine;
            c.plain = plain;
            c.noGo = noGo;
            c.voidReturn = voidReturn;
            c.resultAccess = resultAccess;
            c.noDefer = noDefer;
            c.loops = new ArrayList<>(loops);
            c.loopNodes = new ArrayList<>(loopNodes);
            c.readable = new ArrayList<>(readable);
            c.nesting = nesting;
            return c;
        }

        /** A new function literal: loops cannot be broken out of, loop variables are not captured. */
        Ctx closure() {
            Ctx c = copy();
            c.loops = new ArrayList<>();
            c.loopNodes = new ArrayList<>();
            c.readable = new ArrayList<>();
            c.closureDepth++;
            c.voidReturn = true;
            c.plain = false;
            c.nesting++;
            // Go's closure sees the named result; Java's deferred lambda reaches it only directly.
            c.resultAccess = fn.result != null && c.closureDepth == 1;
            c.noDefer = c.resultAccess;
            return c;
        }
    }

    private Program program() {
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            Func f = new Func(i);
            f.result = rnd.nextInt(3) == 0 ? null : JType.values()[rnd.nextInt(JType.values().length)];
            f.isStatic = rnd.nextBoolean();
            f.recoverAll = rnd.nextInt(6) == 0;
            f.goroutineOnly = rnd.nextInt(4) == 0;
            prog.funcs.add(f);
        }
        // Bodies last first, so that callers know their callees' shapes (all are known anyway).
        for (int i = n - 1; i >= 0; i--) {
            Func f = prog.funcs.get(i);
            Ctx c = new Ctx();
            c.fn = f;
            c.inGoroutine = f.goroutineOnly;
            c.voidReturn = f.result == null;
            c.resultAccess = f.result != null;
            f.body = block(c, 2 + rnd.nextInt(5));
            if (rnd.nextInt(10) < 3) {
                f.body.add(0, recovering());
            }
            if (f.result != null && !Ast.terminal(f.body)) {
                f.body.add(new Return(expr(c, true)));
            }
            f.annotated = f.recoverAll || !callsDeferDirectly(f.body) || rnd.nextBoolean();
        }
        Func main = new Func(-1);
        main.isStatic = true;
        main.annotated = true;
        Ctx c = new Ctx();
        c.fn = main;
        c.voidReturn = true;
        main.body = block(c, 3 + rnd.nextInt(4));
        if (rnd.nextBoolean()) {
            main.body.add(0, recovering());
        }
        prog.main = main;
        return prog;
    }

    /** {@code defer func() { if r := recover(); ... }()} first, so that more programs run on after a panic. */
    private Stmt recovering() {
        List<Stmt> body = new ArrayList<>();
        body.add(new Recover(label(), rnd.nextInt(8) == 0, rnd.nextBoolean()));
        return new DeferClosure(body);
    }

    private static boolean callsDeferDirectly(List<Stmt> body) {
        for (Stmt s : body) {
            if (s instanceof DeferClosure || s instanceof DeferCall) {
                return true;
            }
            if (s instanceof Loop || s instanceof If || s instanceof Switch || s instanceof Sync) {
                for (List<Stmt> b : s.blocks()) {
                    if (callsDeferDirectly(b)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String label() {
        return "L" + (labels++);
    }

    private List<Stmt> block(Ctx c, int max) {
        List<Stmt> out = new ArrayList<>();
        int count = c.nesting > 2 ? Math.min(max, 2) : max;
        for (int i = 0; i < count; i++) {
            Stmt s = stmt(c);
            out.add(s);
            if (Ast.terminal(s) || s instanceof Goexit) {
                break;
            }
        }
        return out;
    }

    /** Callees of the current context: later functions only (acyclic), goroutine-only ones in goroutines. */
    private List<Func> callees(Ctx c, boolean withResult) {
        List<Func> out = new ArrayList<>();
        for (Func f : prog.funcs) {
            if (f.id > c.fn.id && (c.inGoroutine || !f.goroutineOnly) && (!withResult || f.result != null)) {
                out.add(f);
            }
        }
        return out;
    }

    private Expr expr(Ctx c, boolean allowCall) {
        int add = rnd.nextInt(100);
        List<Func> calls = allowCall ? callees(c, true) : List.of();
        while (true) {
            switch (rnd.nextInt(5)) {
                case 0:
                    return Expr.lit(add);
                case 1:
                    return new Expr(Expr.Base.PARAM, add, null, -1, null);
                case 2:
                    if (!c.readable.isEmpty()) {
                        return new Expr(Expr.Base.LOOPVAR, add, c.readable.get(rnd.nextInt(c.readable.size())), -1, null);
                    }
                    break;
                case 3:
                    if (c.resultAccess) {
                        return new Expr(Expr.Base.RESULT, add, null, -1, null);
                    }
                    break;
                default:
                    if (!calls.isEmpty()) {
                        Func f = calls.get(rnd.nextInt(calls.size()));
                        return new Expr(Expr.Base.CALL, add, null, f.id, expr(c, false));
                    }
                    break;
            }
        }
    }

    private Stmt stmt(Ctx c) {
        while (true) {
            int k = rnd.nextInt(100);
            boolean closure = c.closureDepth > 0 && !c.plain;
            if (k < 12) {
                return new Print(label());
            } else if (k < 20) {
                return new PrintExpr(label(), expr(c, true));
            } else if (k < 30) {
                List<Func> cs = callees(c, false);
                if (!cs.isEmpty()) {
                    return new CallStmt(cs.get(rnd.nextInt(cs.size())).id, expr(c, false));
                }
            } else if (k < 36) {
                if (c.resultAccess) {
                    return new SetResult(expr(c, true));
                }
            } else if (k < 46) {
                if (!c.plain && !c.noDefer && c.nesting < 4) {
                    Ctx in = c.closure();
                    return new DeferClosure(block(in, 1 + rnd.nextInt(4)));
                }
            } else if (k < 53) {
                List<Func> cs = callees(c, false);
                if (!c.plain && !c.noDefer && !cs.isEmpty()) {
                    return new DeferCall(cs.get(rnd.nextInt(cs.size())).id, expr(c, false));
                }
            } else if (k < 57) {
                PanicKind kind = PanicKind.values()[rnd.nextInt(PanicKind.values().length)];
                return new PanicStmt(kind, label(), rnd.nextInt(1000));
            } else if (k < 66) {
                if (closure) {
                    return new Recover(label(), rnd.nextInt(5) == 0, false);
                }
            } else if (k < 68) {
                if (closure) {
                    return new HelperRecover(label());
                }
            } else if (k < 73) {
                if (c.nesting < 3) {
                    Ctx in = c.copy();
                    String var = "i" + (vars++);
                    Loop loop = new Loop(var, 1 + rnd.nextInt(3), null, null);
                    in.loops.add(new String[] {var});
                    in.loopNodes.add(loop);
                    in.readable.add(var);
                    in.nesting++;
                    loop.body = block(in, 1 + rnd.nextInt(4));
                    return loop;
                }
            } else if (k < 77) {
                if (!c.loops.isEmpty()) {
                    int which = rnd.nextInt(c.loops.size());
                    Loop target = c.loopNodes.get(which);
                    boolean labeled = which != c.loops.size() - 1 || rnd.nextInt(4) == 0;
                    String lbl = null;
                    if (labeled) {
                        if (target.label == null) {
                            target.label = "O" + target.var;
                        }
                        lbl = target.label;
                    }
                    return new BreakIf(c.loops.get(c.loops.size() - 1)[0], rnd.nextInt(3), rnd.nextBoolean(), lbl);
                }
            } else if (k < 82) {
                if (c.nesting < 3) {
                    Ctx in = c.copy();
                    in.nesting++;
                    List<Stmt> then = block(in, 1 + rnd.nextInt(3));
                    List<Stmt> otherwise = rnd.nextBoolean() ? block(in, 1 + rnd.nextInt(3)) : null;
                    return new If(rnd.nextInt(10), then, otherwise);
                }
            } else if (k < 84) {
                if (c.nesting < 3) {
                    Ctx in = c.copy();
                    in.nesting++;
                    int n = 2 + rnd.nextInt(2);
                    List<List<Stmt>> cases = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        cases.add(block(in, 1 + rnd.nextInt(2)));
                    }
                    return new Switch(cases, rnd.nextBoolean());
                }
            } else if (k < 86) {
                if (!c.plain && (c.voidReturn || c.closureDepth == 0 && c.fn.result != null)) {
                    boolean value = c.closureDepth == 0 && c.fn.result != null;
                    return new Return(value ? expr(c, true) : null);
                }
            } else if (k < 88) {
                if (c.inGoroutine) {
                    return new Goexit();
                }
            } else if (k < 92) {
                if (!c.noGo && c.nesting < 3) {
                    Ctx in = c.closure();
                    in.inGoroutine = true;
                    in.resultAccess = false;
                    in.noDefer = false;
                    boolean group = rnd.nextInt(3) == 0;
                    int members = group ? 1 + rnd.nextInt(4) : 1;
                    List<List<Stmt>> bodies = new ArrayList<>();
                    for (int m = 0; m < members; m++) {
                        bodies.add(block(in, 1 + rnd.nextInt(4)));
                    }
                    if (group && rnd.nextInt(3) == 0) {
                        // a member that surely panics: the waiter re-raises it
                        List<Stmt> b = bodies.get(rnd.nextInt(members));
                        if (!Ast.terminal(b)) {
                            b.add(new PanicStmt(PanicKind.values()[rnd.nextInt(3)], label(), rnd.nextInt(1000)));
                        }
                    }
                    GoStmt g = new GoStmt(label(), group, bodies);
                    if (group && rnd.nextBoolean()) {
                        // the waiter recovers what the group re-raised
                        List<Stmt> body = new ArrayList<>();
                        body.add(g);
                        return new TryCatch(label(), body);
                    }
                    return g;
                }
            } else if (k < 95) {
                if (c.nesting < 3) {
                    Ctx in = tryBody(c);
                    List<Stmt> body = block(in, 1 + rnd.nextInt(3));
                    if (rnd.nextBoolean()) {
                        // a finally block after a body that cannot complete would make Go want a return
                        while (Ast.terminal(body)) {
                            body.remove(body.size() - 1);
                        }
                        return new TryFinally(label(), body);
                    }
                    return new TryCatch(label(), body);
                }
            } else if (k < 97) {
                if (c.nesting < 3) {
                    Ctx in = c.copy();
                    in.noGo = true;
                    in.nesting++;
                    return new Sync(block(in, 1 + rnd.nextInt(3)));
                }
            } else if (k < 99) {
                if (c.nesting < 3) {
                    boolean withResult = rnd.nextBoolean();
                    CallFrame cf = new CallFrame(label(), withResult, null, null);
                    Ctx in = c.copy();
                    in.fn = cf.frame(c.fn);
                    in.closureDepth = 0;
                    in.plain = false;
                    in.noDefer = false;
                    in.voidReturn = !withResult;
                    in.resultAccess = withResult;
                    // a lambda cannot break out of loops nor read a changing loop variable
                    in.loops = new ArrayList<>();
                    in.loopNodes = new ArrayList<>();
                    in.readable = new ArrayList<>();
                    in.nesting++;
                    List<Stmt> body = block(in, 1 + rnd.nextInt(4));
                    return new CallFrame(cf.tag, withResult, withResult ? expr(in, true) : null, body);
                }
            } else {
                return new Print(label());
            }
        }
    }

    private static Ctx tryBody(Ctx c) {
        Ctx in = c.copy();
        in.plain = true;
        in.loops = new ArrayList<>();
        in.loopNodes = new ArrayList<>();
        in.nesting++;
        return in;
    }
}
