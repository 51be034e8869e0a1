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

/**
 * Java source for one program: class {@code difftest.gen.P<name>}, its functions as
 * {@code @Defer}/{@code @Recover} (or unannotated, defer-calling) static and instance methods,
 * closures as {@code Go.defer} lambdas, Go's named result as {@code Go.result}/{@code Go.setResult}.
 */
final class JavaRenderer {
    static final String PACKAGE = "difftest.gen";

    private final StringBuilder out = new StringBuilder();
    private final List<String> locks = new ArrayList<>();
    private String cls;
    private Program prog;

    static String className(String name) {
        return "P" + name;
    }

    static String source(String name, Program p) {
        JavaRenderer r = new JavaRenderer();
        r.cls = className(name);
        r.prog = p;
        StringBuilder body = new StringBuilder();
        for (Func f : p.funcs) {
            r.func(f);
        }
        r.func(p.main);
        body.append("package ").append(PACKAGE).append(";\n\n")
                .append("import io.jdefer.Go;\nimport io.jdefer.annotation.Defer;\nimport io.jdefer.annotation.Recover;\n")
                .append("import io.jdefer.difftest.Rt;\n\n")
                .append("/** difftest program ").append(name).append(" (seed ").append(p.seed).append(") */\n")
                .append("@SuppressWarnings(\"all\")\n")
                .append("public final class ").append(r.cls).append(" implements Rt.Program {\n")
                .append("    static final ").append(r.cls).append(" INST = new ").append(r.cls).append("();\n");
        for (String l : r.locks) {
            body.append("    static final Object ").append(l).append(" = new Object();\n");
        }
        body.append("\n    public void run() {\n        m(7);\n    }\n\n");
        body.append(r.out);
        body.append("}\n");
        return body.toString();
    }

    private Func fn(int id) {
        return id < 0 ? prog.main : prog.funcs.get(id);
    }

    private String call(int id, String arg) {
        Func f = fn(id);
        String name = id < 0 ? "m" : "f" + id;
        return (f.isStatic ? cls : cls + ".INST") + "." + name + "(" + arg + ")";
    }

    private void func(Func f) {
        out.append("    ");
        if (f.recoverAll) {
            out.append("@Recover ");
        } else if (f.annotated) {
            out.append("@Defer ");
        }
        out.append(f.isStatic ? "static " : "").append(f.result != null ? f.result.java : "void").append(' ')
                .append(f.id < 0 ? "m" : "f" + f.id).append("(int a) {\n");
        block(f.body, 2, f);
        out.append("    }\n\n");
    }

    private void indent(int n) {
        out.append("    ".repeat(n));
    }

    private void block(List<Stmt> body, int ind, Func f) {
        for (Stmt s : body) {
            stmt(s, ind, f);
        }
    }

    /** An int-valued Java expression for {@code e}. */
    private String expr(Expr e) {
        String base = switch (e.base) {
            case LIT -> "0";
            case PARAM -> "a";
            case LOOPVAR -> e.loopVar;
            case RESULT -> "Rt.i(Go.result())";
            case CALL -> valueOf(e.callee, call(e.callee, expr(e.arg)));
        };
        return e.base == Expr.Base.LIT ? Integer.toString(e.add) : "(" + base + " + " + e.add + ") % 100";
    }

    /** A call's value as an int: a reference result can be null (the zero value, 0 in Go). */
    private String valueOf(int callee, String call) {
        JType t = fn(callee).result;
        if (t == JType.BOOLEAN) {
            return "Rt.b2i(" + call + ")";
        }
        return t == JType.INTEGER || t == JType.OBJECT || t == JType.BOOLEAN_BOX ? "Rt.i(" + call + ")" : "((int) " + call + ")";
    }

    /** {@code v} converted for the function's result type (odd seeds exercise setResult's widening). */
    private static String convert(JType t, String v, boolean widen) {
        return switch (t) {
            case INT, INTEGER -> v;
            case OBJECT -> "Integer.valueOf(" + v + ")";
            case LONG -> widen ? v : "(long) (" + v + ")";
            case FLOAT -> widen ? v : "(float) (" + v + ")";
            case DOUBLE -> widen ? v : "(double) (" + v + ")";
            case SHORT -> "(short) (" + v + ")";
            case BYTE -> "(byte) (" + v + ")";
            case CHAR -> "(char) (" + v + ")";
            case BOOLEAN -> "Rt.i2b(" + v + ")";
            case BOOLEAN_BOX -> widen ? "Rt.i2b(" + v + ")" : "Boolean.valueOf(Rt.i2b(" + v + "))";
        };
    }

    private void stmt(Stmt s, int ind, Func f) {
        indent(ind);
        if (s instanceof Print p) {
            out.append("Rt.p(\"").append(p.tag).append("\");\n");
        } else if (s instanceof PrintExpr p) {
            out.append("Rt.p(\"").append(p.tag).append(" \" + (").append(expr(p.expr)).append("));\n");
        } else if (s instanceof CallStmt c) {
            out.append(call(c.callee, expr(c.arg))).append(";\n");
        } else if (s instanceof SetResult r) {
            out.append("Go.setResult(").append(convert(f.result, expr(r.expr), r.expr.add % 2 == 1)).append(");\n");
        } else if (s instanceof DeferClosure d) {
            out.append("Go.defer(() -> {\n");
            block(d.body, ind + 1, f);
            indent(ind);
            out.append("});\n");
        } else if (s instanceof DeferCall d) {
            Func callee = fn(d.callee);
            out.append("Go.defer(").append(callee.isStatic ? cls : cls + ".INST").append("::f").append(d.callee)
                    .append(", ").append(expr(d.arg)).append(");\n");
        } else if (s instanceof PanicStmt p) {
            out.append(switch (p.kind) {
                case STRING -> "throw Go.panic(\"" + p.label + "\");";
                case INT -> "throw Go.panic(" + p.value + ");";
                case ERROR -> "throw Go.panic(new Rt.Err(\"" + p.label + "\"));";
                case INDEX -> "Rt.sink = Rt.ARR3[a + 5];";
                case DIVIDE -> "Rt.sink = a / Rt.zero;";
                case NIL_MAP -> "Rt.nilMap().put(\"" + p.label + "\", a);";
                case NIL_POINTER -> "Rt.nilBox().x = a;";
            }).append('\n');
        } else if (s instanceof Recover r) {
            String v = "r" + r.tag;
            out.append("Object ").append(v).append(" = Go.recover();\n");
            indent(ind);
            out.append("if (").append(v).append(" != null) {\n");
            indent(ind + 1);
            out.append("Rt.p(\"").append(r.tag).append(" recovered \" + Rt.show(").append(v).append("));\n");
            if (r.repanic) {
                indent(ind + 1);
                out.append("throw Go.panic(").append(v).append(");\n");
            }
            indent(ind);
            if (!r.quiet) {
                out.append("} else {\n");
                indent(ind + 1);
                out.append("Rt.p(\"").append(r.tag).append(" nothing\");\n");
                indent(ind);
            }
            out.append("}\n");
        } else if (s instanceof HelperRecover h) {
            out.append("Rt.p(\"").append(h.tag).append(" helper \" + Rt.helperRecover());\n");
        } else if (s instanceof Loop l) {
            if (l.label != null) {
                out.append(l.label).append(":\n");
                indent(ind);
            }
            out.append("for (int ").append(l.var).append(" = 0; ").append(l.var).append(" < ").append(l.n).append("; ")
                    .append(l.var).append("++) {\n");
            block(l.body, ind + 1, f);
            indent(ind);
            out.append("}\n");
        } else if (s instanceof BreakIf b) {
            out.append("if (").append(b.var).append(" == ").append(b.k).append(") {\n");
            indent(ind + 1);
            out.append(b.isContinue ? "continue" : "break").append(b.label != null ? " " + b.label : "").append(";\n");
            indent(ind);
            out.append("}\n");
        } else if (s instanceof If i) {
            out.append("if (a > ").append(i.k).append(") {\n");
            block(i.then, ind + 1, f);
            indent(ind);
            if (i.otherwise != null) {
                out.append("} else {\n");
                block(i.otherwise, ind + 1, f);
                indent(ind);
            }
            out.append("}\n");
        } else if (s instanceof Switch sw) {
            out.append("switch (a % ").append(sw.cases.size()).append(") {\n");
            for (int c = 0; c < sw.cases.size(); c++) {
                indent(ind + 1);
                out.append(sw.hasDefault && c == sw.cases.size() - 1 ? "default" : "case " + c).append(" -> {\n");
                block(sw.cases.get(c), ind + 2, f);
                indent(ind + 1);
                out.append("}\n");
            }
            indent(ind);
            out.append("}\n");
        } else if (s instanceof Return r) {
            if (r.expr == null) {
                out.append("return;\n");
            } else {
                out.append("return ").append(convert(f.result, expr(r.expr), true)).append(";\n");
            }
        } else if (s instanceof Goexit) {
            out.append("Go.goexit();\n");
        } else if (s instanceof GoStmt g) {
            if (g.group) {
                out.append("Rt.group(() -> {\n");
                for (int m = 0; m < g.bodies.size(); m++) {
                    if (m > 0) {
                        indent(ind);
                        out.append("}, () -> {\n");
                    }
                    block(g.bodies.get(m), ind + 1, f);
                }
                indent(ind);
                out.append("});\n");
                return;
            } else {
                String v = "g" + g.tag;
                out.append("Rt.go(() -> {\n");
                indent(ind + 1);
                out.append("Go.defer(() -> {\n");
                indent(ind + 2);
                out.append("Object ").append(v).append(" = Go.recover();\n");
                indent(ind + 2);
                out.append("if (").append(v).append(" != null) {\n");
                indent(ind + 3);
                out.append("Rt.p(\"").append(g.tag).append(" goroutine recovered \" + Rt.show(").append(v).append("));\n");
                indent(ind + 2);
                out.append("}\n");
                indent(ind + 1);
                out.append("});\n");
            }
            block(g.bodies.get(0), ind + 1, f);
            indent(ind);
            out.append("});\n");
        } else if (s instanceof TryFinally t) {
            out.append("try {\n");
            block(t.body, ind + 1, f);
            indent(ind);
            out.append("} finally {\n");
            indent(ind + 1);
            out.append("Rt.p(\"").append(t.tag).append(" finally\");\n");
            indent(ind);
            out.append("}\n");
        } else if (s instanceof TryCatch t) {
            String v = "e" + t.tag;
            out.append("try {\n");
            block(t.body, ind + 1, f);
            indent(ind);
            out.append("} catch (RuntimeException ").append(v).append(") {\n");
            indent(ind + 1);
            out.append("Rt.p(\"").append(t.tag).append(" caught \" + Rt.show(").append(v).append("));\n");
            indent(ind);
            out.append("}\n");
        } else if (s instanceof CallFrame cf) {
            Func frame = cf.frame(f);
            out.append(cf.withResult ? "Rt.p(\"" + cf.tag + " call \" + Rt.i(Go.call(() -> {\n" : "Go.run(() -> {\n");
            block(cf.body, ind + 1, frame);
            if (cf.withResult && !Ast.terminal(cf.body)) {
                indent(ind + 1);
                out.append("return ").append(convert(JType.INTEGER, expr(cf.ret), true)).append(";\n");
            }
            indent(ind);
            out.append(cf.withResult ? "})));\n" : "});\n");
        } else if (s instanceof Sync y) {
            String lock = "LOCK" + locks.size();
            locks.add(lock);
            out.append("synchronized (").append(lock).append(") {\n");
            block(y.body, ind + 1, f);
            indent(ind);
            out.append("}\n");
        } else {
            throw new IllegalArgumentException("no Java rendering for " + s.getClass().getSimpleName());
        }
    }
}
