package io.jdefer.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** vet's "@Recover method ... returns a reference but never calls Go.setResult". */
@BugPattern(
        summary = "@Recover method returning a reference never calls Go.setResult: after a recovered panic it"
                + " returns null",
        explanation = "When a @Recover method stops a panic it returns what Go.setResult last set, or Go's"
                + " zero value: null for a reference, which a caller (a web framework answering a"
                + " request, say) takes as an empty success. Recover in a deferred action with"
                + " Go.recoverThrowable(), log it and Go.setResult(...) an error result. The method's own"
                + " code, the lambdas it creates and the methods of its class it passes by reference"
                + " (Go.defer(this::fail)) count; a primitive result's zero value (0, false) is usually"
                + " the answer meant, so those are not reported. Same rule as"
                + " `java -jar jdefer-agent.jar vet`.",
        severity = WARNING,
        linkType = CUSTOM,
        link = "https://github.com/jdefer/jdefer/blob/main/errorprone/README.md#recoverwithoutsetresult")
public final class RecoverWithoutSetResult extends BugChecker implements MethodTreeMatcher {
    /** Made by Error Prone, found through META-INF/services. */
    public RecoverWithoutSetResult() {
    }

    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
        MethodSymbol sym = ASTHelpers.getSymbol(tree);
        if (tree.getBody() == null || sym.isConstructor() || !Frames.annotated(sym, Frames.RECOVER)) {
            return Description.NO_MATCH;
        }
        Type result = state.getTypes().erasure(sym.getReturnType());
        if (result.isPrimitiveOrVoid() || setsResult(tree, sym.enclClass(), state)) {
            return Description.NO_MATCH;
        }
        return buildDescription(recoverAnnotation(tree))
                .setMessage("@Recover method " + Frames.simpleName(sym.enclClass()) + "." + sym.getSimpleName()
                        + " returns " + className(result) + " but never calls Go.setResult: after it recovers a"
                        + " panic its caller gets null (Go's zero value), which a web framework answers as an"
                        + " empty success; recover in a deferred action with Go.recoverThrowable(), log it and"
                        + " Go.setResult(...) an error result")
                .build();
    }

    /** Where to report: the annotation that promises the recovery. */
    private static Tree recoverAnnotation(MethodTree tree) {
        for (AnnotationTree a : tree.getModifiers().getAnnotations()) {
            Symbol s = ASTHelpers.getSymbol(a.getAnnotationType());
            if (s != null && s.getQualifiedName().contentEquals(Frames.RECOVER)) {
                return a;
            }
        }
        return tree;
    }

    /**
     * Whether the method, a lambda in it, or a method of its class that it references (and so on
     * from there) calls Go.setResult or passes Go::setResult. Nested and anonymous classes are
     * classes of their own, as in bytecode, and do not count.
     */
    private static boolean setsResult(MethodTree start, ClassSymbol owner, VisitorState state) {
        ClassTree ownerTree = ASTHelpers.findEnclosingNode(state.getPath(), ClassTree.class);
        Deque<MethodTree> todo = new ArrayDeque<>();
        Set<MethodTree> seen = new HashSet<>();
        todo.push(start);
        boolean[] found = new boolean[1];
        while (!todo.isEmpty() && !found[0]) {
            MethodTree m = todo.pop();
            if (!seen.add(m) || m.getBody() == null) {
                continue;
            }
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitMethodInvocation(MethodInvocationTree t, Void v) {
                    if (Frames.isGoMethod(ASTHelpers.getSymbol(t), "setResult")) {
                        found[0] = true;
                    }
                    return super.visitMethodInvocation(t, v);
                }

                @Override
                public Void visitMemberReference(MemberReferenceTree t, Void v) {
                    Symbol target = ASTHelpers.getSymbol(t);
                    if (Frames.isGoMethod(target, "setResult")) {
                        found[0] = true;
                    } else if (target != null && target.owner == owner && ownerTree != null) {
                        for (Tree member : ownerTree.getMembers()) {
                            if (member instanceof MethodTree mt && ASTHelpers.getSymbol(mt) == target) {
                                todo.push(mt);
                            }
                        }
                    }
                    return super.visitMemberReference(t, v);
                }

                @Override
                public Void visitClass(ClassTree t, Void v) {
                    return null;
                }
            }.scan(m.getBody(), null);
        }
        return found[0];
    }

    /** How a class file names the type: {@code java.lang.String}, {@code a.Outer$Inner}, {@code int[]}. */
    private static String className(Type t) {
        if (t.getTag() == TypeTag.ARRAY) {
            return className(((Type.ArrayType) t).elemtype) + "[]";
        }
        if (t.tsym instanceof ClassSymbol c) {
            return c.flatName().toString();
        }
        return t.toString();
    }
}
