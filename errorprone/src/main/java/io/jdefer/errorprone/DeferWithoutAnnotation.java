package io.jdefer.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;

/** vet's "Go.defer in a method which is not annotated @Defer". */
@BugPattern(
        summary = "Go.defer in a method not annotated @Defer",
        explanation = "The agent (and the build-time weaver) makes any method that calls Go.defer a frame,"
                + " annotated or not, so the code works; but a reader of the method cannot see that its"
                + " deferred actions run when it returns, and that a panic passing through it runs them."
                + " Annotate it @Defer (or @Recover if it should stop panics). Lambdas given to"
                + " Go.run/Go.call and methods used as deferred actions are frames without an annotation"
                + " and are not reported. Same rule as `java -jar jdefer-agent.jar vet`.",
        severity = WARNING,
        linkType = CUSTOM,
        link = "https://github.com/jdefer/jdefer/blob/main/errorprone/README.md#deferwithoutannotation")
public final class DeferWithoutAnnotation extends BugChecker implements MethodTreeMatcher {
    /** Made by Error Prone, found through META-INF/services. */
    public DeferWithoutAnnotation() {
    }

    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
        MethodSymbol sym = ASTHelpers.getSymbol(tree);
        if (tree.getBody() == null || sym.isConstructor()
                || Frames.annotated(sym, Frames.DEFER) || Frames.annotated(sym, Frames.RECOVER)) {
            return Description.NO_MATCH;
        }
        MethodInvocationTree first = firstDefer(state.getPath(), state);
        if (first == null) {
            return Description.NO_MATCH;
        }
        Frames.Frame frame = Frames.frameOf(new TreePath(state.getPath(), tree.getBody()));
        if (frame == null || Frames.isDeferredAction(frame, state)) {
            return Description.NO_MATCH;
        }
        SuggestedFix.Builder fix = SuggestedFix.builder();
        String defer = SuggestedFixes.qualifyType(state, fix, Frames.DEFER);
        fix.prefixWith(tree, "@" + defer + " ");
        return buildDescription(first)
                .setMessage("Go.defer in " + frame.describe() + ", which is not annotated @Defer: the agent makes"
                        + " it a frame anyway; annotate it so readers see where its deferred actions run")
                .addFix(fix.build())
                .build();
    }

    /** The first Go.defer of the method's own code: lambdas and nested classes are frames of their own. */
    private static MethodInvocationTree firstDefer(TreePath method, VisitorState state) {
        MethodInvocationTree[] first = new MethodInvocationTree[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree t, Void v) {
                if (first[0] != null) {
                    return null;
                }
                super.visitMethodInvocation(t, v);
                // arguments are evaluated before the call, so a defer among them comes first
                if (first[0] == null && Frames.isDefer(t, state)) {
                    first[0] = t;
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree t, Void v) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree t, Void v) {
                return null;
            }
        }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
        return first[0];
    }
}
