package io.jdefer.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;

/** vet's "Go.defer inside a loop". */
@BugPattern(
        summary = "Go.defer inside a loop: every iteration keeps a deferred action until the frame returns",
        explanation = "A deferred action runs when its frame (the @Defer method, or the lambda given to"
                + " Go.run/Go.call) returns, not at the end of the loop iteration that registered it, as"
                + " in Go. A loop that defers a close per item keeps every item open until the method"
                + " returns, and the runtime keeps one record per iteration. Move the loop body into its"
                + " own @Defer method or lambda frame (Go.run(() -> { ... Go.defer(...) ... })) so each"
                + " iteration's cleanup runs at the end of the iteration. Same rule as"
                + " `java -jar jdefer-agent.jar vet`.",
        severity = WARNING,
        linkType = CUSTOM,
        link = "https://github.com/jdefer/jdefer/blob/main/errorprone/README.md#deferinloop")
public final class DeferInLoop extends BugChecker implements MethodInvocationTreeMatcher {
    /** Made by Error Prone, found through META-INF/services. */
    public DeferInLoop() {
    }

    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!Frames.isDefer(tree, state) || !inLoop(state.getPath())) {
            return Description.NO_MATCH;
        }
        Frames.Frame frame = Frames.frameOf(state.getPath());
        if (frame == null) {
            return Description.NO_MATCH;
        }
        return buildDescription(tree)
                .setMessage("Go.defer inside a loop: every iteration keeps a deferred action until "
                        + frame.describe() + " returns; move the loop body into its own @Defer method or"
                        + " lambda frame so each iteration's cleanup runs at the end of the iteration")
                .build();
    }

    /**
     * Whether the leaf runs once per iteration of a loop of its own frame: a loop's body or
     * condition, a for loop's update, but not a for loop's initializer or an enhanced for's
     * expression, which run once. A lambda, method or class in between is a frame of its own.
     */
    static boolean inLoop(TreePath path) {
        Tree child = path.getLeaf();
        for (TreePath p = path.getParentPath(); p != null; child = p.getLeaf(), p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof LambdaExpressionTree || t instanceof MethodTree || t instanceof ClassTree) {
                return false;
            }
            if (t instanceof ForLoopTree f) {
                Tree c = child;
                if (f.getInitializer().stream().noneMatch(i -> i == c)) {
                    return true;
                }
            } else if (t instanceof EnhancedForLoopTree f) {
                if (child != f.getExpression() && child != f.getVariable()) {
                    return true;
                }
            } else if (t instanceof WhileLoopTree || t instanceof DoWhileLoopTree) {
                return true;
            }
        }
        return false;
    }
}
