package io.jdefer.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;

/** vet's "Go.recover() ... always returns null: it is not a deferred action". */
@BugPattern(
        summary = "Go.recover() outside a deferred action always returns null",
        explanation = "As in Go, recover stops a panic only when a deferred action calls it directly:"
                + " Go.defer(() -> { ... Go.recover() ... }) or Go.defer(this::cleanup) where cleanup calls"
                + " it. Anywhere else, including a helper method or another lambda that the deferred action"
                + " calls, it returns null and the panic goes on. Call it in the deferred action itself and"
                + " pass the value on. A method referenced as an Action or ActionWith in another file"
                + " cannot be seen from here, so this check only reports lambdas, private methods and"
                + " constructors, methods with two or more parameters and static initializers; vet, which"
                + " reads all the classes together, reports the other methods too. Same rule as"
                + " `java -jar jdefer-agent.jar vet`.",
        severity = ERROR,
        linkType = CUSTOM,
        link = "https://github.com/jdefer/jdefer/blob/main/errorprone/README.md#recovernotindeferredaction")
public final class RecoverNotInDeferredAction extends BugChecker implements MethodInvocationTreeMatcher {
    /** Made by Error Prone, found through META-INF/services. */
    public RecoverNotInDeferredAction() {
    }

    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!Frames.isRecover(tree)) {
            return Description.NO_MATCH;
        }
        Frames.Frame frame = Frames.frameOf(state.getPath());
        if (frame == null || !Frames.fullyKnown(frame) || Frames.isDeferredAction(frame, state)) {
            return Description.NO_MATCH;
        }
        return buildDescription(tree)
                .setMessage("Go.recover() in " + frame.describe() + " always returns null: it is not a deferred"
                        + " action, and recover stops a panic only when called directly by one"
                        + " (Go.defer(() -> { ... recover() ... }))")
                .build();
    }
}
