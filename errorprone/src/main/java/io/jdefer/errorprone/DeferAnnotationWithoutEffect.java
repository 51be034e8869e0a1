package io.jdefer.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.MethodTree;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;

/** vet's "@Defer/@Recover on an abstract or native method has no effect". */
@BugPattern(
        summary = "@Defer or @Recover on an abstract or native method has no effect",
        explanation = "The agent and the weaver rewrite the bytecode of an annotated method into a frame."
                + " An abstract method (an interface method without a body too) has no code, and"
                + " annotations are not inherited: the implementing methods run without a frame unless"
                + " they are annotated themselves. A native method has no bytecode to rewrite. Annotate"
                + " the implementing methods, or remove the annotation. (A constructor cannot be a frame"
                + " either, since it cannot return normally after a panic; javac already rejects the"
                + " annotations there.) Same rule as `java -jar jdefer-agent.jar vet`.",
        severity = ERROR,
        linkType = CUSTOM,
        link = "https://github.com/jdefer/jdefer/blob/main/errorprone/README.md#deferannotationwithouteffect")
public final class DeferAnnotationWithoutEffect extends BugChecker implements MethodTreeMatcher {
    /** Made by Error Prone, found through META-INF/services. */
    public DeferAnnotationWithoutEffect() {
    }

    @Override
    public Description matchMethod(MethodTree tree, VisitorState state) {
        AnnotationTree defer = null;
        AnnotationTree recover = null;
        for (AnnotationTree a : tree.getModifiers().getAnnotations()) {
            Symbol s = ASTHelpers.getSymbol(a.getAnnotationType());
            if (s != null && s.getQualifiedName().contentEquals(Frames.DEFER)) {
                defer = a;
            } else if (s != null && s.getQualifiedName().contentEquals(Frames.RECOVER)) {
                recover = a;
            }
        }
        if (defer == null && recover == null) {
            return Description.NO_MATCH;
        }
        MethodSymbol sym = ASTHelpers.getSymbol(tree);
        String ann = recover != null ? "@Recover" : "@Defer";
        String cls = Frames.simpleName(sym.enclClass());
        String message;
        // (javac itself rejects them on a constructor: both are @Target(METHOD))
        if ((sym.flags() & Flags.NATIVE) == 0 && tree.getBody() == null) {
            message = ann + " on abstract method " + cls + "." + sym.getSimpleName()
                    + " has no effect: annotate the implementing methods";
        } else if ((sym.flags() & Flags.NATIVE) != 0) {
            message = ann + " on native method " + cls + "." + sym.getSimpleName()
                    + " has no effect: it has no bytecode to rewrite";
        } else {
            return Description.NO_MATCH;
        }
        SuggestedFix.Builder fix = SuggestedFix.builder();
        for (AnnotationTree a : new AnnotationTree[] {defer, recover}) {
            if (a != null) {
                fix.delete(a);
            }
        }
        return buildDescription(recover != null ? recover : defer).setMessage(message).addFix(fix.build()).build();
    }
}
