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
import io.jdefer.difftest.Ast.Loop;
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
import java.util.List;

/**
 * Go source for programs: one file holds many, {@code main} runs the one named by its argument.
 * A program's functions are {@code p<name>_f<i>} and its main {@code p<name>_m}.
 */
final class GoRenderer {
    private final StringBuilder out = new StringBuilder();
    private String prefix;
    private Program prog;
    /** The function being rendered: whose {@code r} an expression reads. */
    private Func cur;

    static final String PRELUDE = """
            package main

            import (
            \t"errors"
            \t"fmt"
            \t"os"
            \t"runtime"
            \t"strconv"
            \t"strings"
            \t"sync"
            )

            var sink int

            // exiting is true while a goroutine runs Goexit. Go 1.19 lets a recover of the second of
            // two panics raised during Goexit cancel the Goexit; Go 1.22+ (and jdefer) keep it
            // going. A program that recovers anything during Goexit is reported and not compared.
            var exiting = false

            func goexit() {
            \texiting = true
            \truntime.Goexit()
            }

            func quirk() {
            \tif exiting {
            \t\tfmt.Fprintln(os.Stderr, "difftest: recovered during Goexit")
            \t}
            }
            var zero = 0
            var arr3 = []int{1, 2, 3}

            type box struct{ x int }

            func nilBox() *box { return nil }
            func nilMap() map[string]int { return nil }
            func p(s string) { fmt.Println(s) }
            func itoa(n int) string { return strconv.Itoa(n) }
            func i2b(n int) bool { return n%2 != 0 }
            func b2i(b bool) int {
            \tif b {
            \t\treturn 1
            \t}
            \treturn 0
            }
            func newErr(s string) error { return errors.New(s) }

            // show names a recovered value the way the Java side names its counterpart.
            func show(r interface{}) string {
            \tswitch v := r.(type) {
            \tcase runtime.Error:
            \t\ts := v.Error()
            \t\tif strings.Contains(s, "index out of range") {
            \t\t\treturn "runtime:index"
            \t\t}
            \t\tif strings.Contains(s, "divide by zero") {
            \t\t\treturn "runtime:divide"
            \t\t}
            \t\tif strings.Contains(s, "nil") {
            \t\t\treturn "runtime:nil"
            \t\t}
            \t\treturn "runtime:" + s
            \tcase error:
            \t\treturn "error:" + v.Error()
            \tcase string:
            \t\treturn "string:" + v
            \tcase int:
            \t\treturn "int:" + itoa(v)
            \t}
            \treturn fmt.Sprintf("other:%v", r)
            }

            // helperRecover is not called by a deferred function directly: its recover() is nil.
            func helperRecover() string {
            \tr := recover()
            \tif r == nil {
            \t\treturn "nil"
            \t}
            \treturn show(r)
            }

            func goJoin(f func()) {
            \told := exiting
            \tdefer func() { exiting = old }()
            \tvar wg sync.WaitGroup
            \twg.Add(1)
            \tgo func() {
            \t\tdefer wg.Done()
            \t\tf()
            \t}()
            \twg.Wait()
            }

            // groupJoin is jdefer's Group: the first member's panic is re-raised in the waiter. The
            // members start together; each runs once the one before it has ended (its defers
            // included), so their output and which panic comes first are deterministic.
            func groupJoin(fs ...func()) {
            \told := exiting
            \tvar wg sync.WaitGroup
            \tvar got interface{}
            \tfailed := false
            \tprev := make(chan struct{})
            \tclose(prev)
            \tfor _, f := range fs {
            \t\tf := f
            \t\twait := prev
            \t\tdone := make(chan struct{})
            \t\tprev = done
            \t\twg.Add(1)
            \t\tgo func() {
            \t\t\tdefer wg.Done()
            \t\t\tdefer close(done)
            \t\t\tdefer func() {
            \t\t\t\tif r := recover(); r != nil {
            \t\t\t\t\tquirk()
            \t\t\t\t\tif !failed {
            \t\t\t\t\t\tgot = r
            \t\t\t\t\t\tfailed = true
            \t\t\t\t\t}
            \t\t\t\t}
            \t\t\t}()
            \t\t\t<-wait
            \t\t\texiting = old
            \t\t\tf()
            \t\t}()
            \t}
            \twg.Wait()
            \texiting = old
            \tif failed {
            \t\tpanic(got)
            \t}
            }

            """;

    /** A whole Go file running the given programs by name ({@code os.Args[1]}). */
    static String file(List<String> names, List<Program> programs) {
        StringBuilder sb = new StringBuilder(PRELUDE);
        for (int i = 0; i < programs.size(); i++) {
            sb.append(program(names.get(i), programs.get(i)));
        }
        sb.append("func main() {\n\tswitch os.Args[1] {\n");
        for (String n : names) {
            sb.append("\tcase \"").append(n).append("\":\n\t\tp").append(n).append("_m(7)\n");
        }
        sb.append("\tdefault:\n\t\tfmt.Fprintln(os.Stderr, \"no program \"+os.Args[1])\n\t\tos.Exit(3)\n\t}\n}\n");
        return sb.toString();
    }

    /** The functions of one program. */
    static String program(String name, Program p) {
        GoRenderer r = new GoRenderer();
        r.prefix = "p" + name + "_";
        r.prog = p;
        for (Func f : p.funcs) {
            r.func(f);
        }
        r.func(p.main);
        return r.out.toString();
    }

    private String fname(int id) {
        return id < 0 ? prefix + "m" : prefix + "f" + id;
    }

    private void func(Func f) {
        cur = f;
        out.append("func ").append(fname(f.id)).append("(a int)")
                .append(f.result == null ? "" : f.result.isBool() ? " (r bool)" : " (r int)").append(" {\n");
        if (f.recoverAll) {
            // its recover can cancel a Goexit in Go 1.19: noted like every other recover
            out.append("\tdefer func() {\n\t\tif recover() != nil {\n\t\t\tquirk()\n\t\t}\n\t}()\n");
        }
        block(f.body, 1);
        out.append("}\n\n");
    }

    private void indent(int n) {
        out.append("\t".repeat(n));
    }

    private void block(List<Stmt> body, int ind) {
        for (Stmt s : body) {
            stmt(s, ind);
        }
    }

    /** An int-valued Go expression for {@code e}. */
    private String expr(Expr e) {
        String base = switch (e.base) {
            case LIT -> "0";
            case PARAM -> "a";
            case LOOPVAR -> e.loopVar;
            case RESULT -> cur.result.isBool() ? "b2i(r)" : "r";
            case CALL -> asInt(e.callee, fname(e.callee) + "(" + expr(e.arg) + ")");
        };
        return e.base == Expr.Base.LIT ? Integer.toString(e.add) : "(" + base + " + " + e.add + ") % 100";
    }

    private String asInt(int callee, String call) {
        Func f = callee < 0 ? prog.main : prog.funcs.get(callee);
        return f.result.isBool() ? "b2i(" + call + ")" : call;
    }

    /** An int expression as a value of the current function's result. */
    private String asResult(String v) {
        return cur.result.isBool() ? "i2b(" + v + ")" : v;
    }

    private void stmt(Stmt s, int ind) {
        indent(ind);
        if (s instanceof Print p) {
            out.append("p(\"").append(p.tag).append("\")\n");
        } else if (s instanceof PrintExpr p) {
            out.append("p(\"").append(p.tag).append(" \" + itoa(").append(expr(p.expr)).append("))\n");
        } else if (s instanceof CallStmt c) {
            out.append(fname(c.callee)).append('(').append(expr(c.arg)).append(")\n");
        } else if (s instanceof SetResult r) {
            out.append("r = ").append(asResult(expr(r.expr))).append('\n');
        } else if (s instanceof DeferClosure d) {
            out.append("defer func() {\n");
            block(d.body, ind + 1);
            indent(ind);
            out.append("}()\n");
        } else if (s instanceof DeferCall d) {
            out.append("defer ").append(fname(d.callee)).append('(').append(expr(d.arg)).append(")\n");
        } else if (s instanceof PanicStmt p) {
            out.append(switch (p.kind) {
                case STRING -> "panic(\"" + p.label + "\")";
                case INT -> "panic(" + p.value + ")";
                case ERROR -> "panic(newErr(\"" + p.label + "\"))";
                case INDEX -> "sink = arr3[a+5]";
                case DIVIDE -> "sink = a / zero";
                case NIL_MAP -> "nilMap()[\"" + p.label + "\"] = a";
                case NIL_POINTER -> "nilBox().x = a";
            }).append('\n');
        } else if (s instanceof Recover r) {
            out.append("if rv := recover(); rv != nil {\n");
            indent(ind + 1);
            out.append("quirk()\n");
            indent(ind + 1);
            out.append("p(\"").append(r.tag).append(" recovered \" + show(rv))\n");
            if (r.repanic) {
                indent(ind + 1);
                out.append("panic(rv)\n");
            }
            indent(ind);
            if (!r.quiet) {
                out.append("} else {\n");
                indent(ind + 1);
                out.append("p(\"").append(r.tag).append(" nothing\")\n");
                indent(ind);
            }
            out.append("}\n");
        } else if (s instanceof HelperRecover h) {
            out.append("p(\"").append(h.tag).append(" helper \" + helperRecover())\n");
        } else if (s instanceof Loop l) {
            if (l.label != null && Ast.usesLabel(l.body, l.label)) {
                out.append(l.label).append(":\n");
                indent(ind);
            }
            out.append("for ").append(l.var).append(" := 0; ").append(l.var).append(" < ").append(l.n).append("; ")
                    .append(l.var).append("++ {\n");
            block(l.body, ind + 1);
            indent(ind);
            out.append("}\n");
        } else if (s instanceof BreakIf b) {
            out.append("if ").append(b.var).append(" == ").append(b.k).append(" {\n");
            indent(ind + 1);
            out.append(b.isContinue ? "continue" : "break").append(b.label != null ? " " + b.label : "").append('\n');
            indent(ind);
            out.append("}\n");
        } else if (s instanceof If i) {
            out.append("if a > ").append(i.k).append(" {\n");
            block(i.then, ind + 1);
            indent(ind);
            if (i.otherwise != null) {
                out.append("} else {\n");
                block(i.otherwise, ind + 1);
                indent(ind);
            }
            out.append("}\n");
        } else if (s instanceof Switch sw) {
            out.append("switch a % ").append(sw.cases.size()).append(" {\n");
            for (int c = 0; c < sw.cases.size(); c++) {
                indent(ind);
                out.append(sw.hasDefault && c == sw.cases.size() - 1 ? "default:\n" : "case " + c + ":\n");
                block(sw.cases.get(c), ind + 1);
            }
            indent(ind);
            out.append("}\n");
        } else if (s instanceof Return r) {
            out.append(r.expr != null ? "return " + asResult(expr(r.expr)) : "return").append('\n');
        } else if (s instanceof Goexit) {
            out.append("goexit()\n");
        } else if (s instanceof GoStmt g) {
            if (g.group) {
                out.append("groupJoin(func() {\n");
                for (int m = 0; m < g.bodies.size(); m++) {
                    if (m > 0) {
                        indent(ind);
                        out.append("}, func() {\n");
                    }
                    block(g.bodies.get(m), ind + 1);
                }
                indent(ind);
                out.append("})\n");
                return;
            } else {
                out.append("goJoin(func() {\n");
                indent(ind + 1);
                out.append("defer func() {\n");
                indent(ind + 2);
                out.append("if rv := recover(); rv != nil {\n");
                indent(ind + 3);
                out.append("quirk()\n");
                indent(ind + 3);
                out.append("p(\"").append(g.tag).append(" goroutine recovered \" + show(rv))\n");
                indent(ind + 2);
                out.append("}\n");
                indent(ind + 1);
                out.append("}()\n");
            }
            block(g.bodies.get(0), ind + 1);
            indent(ind);
            out.append("})\n");
        } else if (s instanceof TryFinally t) {
            out.append("func() {\n");
            indent(ind + 1);
            out.append("defer p(\"").append(t.tag).append(" finally\")\n");
            block(t.body, ind + 1);
            indent(ind);
            out.append("}()\n");
        } else if (s instanceof TryCatch t) {
            out.append("func() {\n");
            indent(ind + 1);
            out.append("defer func() {\n");
            indent(ind + 2);
            out.append("if rv := recover(); rv != nil {\n");
            indent(ind + 3);
            out.append("quirk()\n");
            indent(ind + 3);
            out.append("p(\"").append(t.tag).append(" caught \" + show(rv))\n");
            indent(ind + 2);
            out.append("}\n");
            indent(ind + 1);
            out.append("}()\n");
            block(t.body, ind + 1);
            indent(ind);
            out.append("}()\n");
        } else if (s instanceof CallFrame cf) {
            Func outer = cur;
            cur = cf.frame(outer);
            out.append(cf.withResult ? "p(\"" + cf.tag + " call \" + itoa(func() (r int) {\n" : "func() {\n");
            block(cf.body, ind + 1);
            if (cf.withResult && !Ast.terminal(cf.body)) {
                indent(ind + 1);
                out.append("return ").append(expr(cf.ret)).append('\n');
            }
            cur = outer;
            indent(ind);
            out.append(cf.withResult ? "}()))\n" : "}()\n");
        } else if (s instanceof Sync y) {
            out.append("{\n");
            block(y.body, ind + 1);
            indent(ind);
            out.append("}\n");
        } else {
            throw new IllegalArgumentException("no Go rendering for " + s.getClass().getSimpleName());
        }
    }
}
