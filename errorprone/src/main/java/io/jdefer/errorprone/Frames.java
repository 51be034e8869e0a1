package io.jdefer.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.lang.model.element.Modifier;

/**
 * What the checkers share with vet: jdefer's names, matched as strings so that the checkers need
 * neither the runtime nor the annotations on javac's processor path, and the source-level picture
 * of vet's "method": the lambda, method, constructor or initializer whose bytecode a call ends up
 * in, since each of those is its own frame at run time.
 */
final class Frames {
    static final String GO = "io.jdefer.Go";
    static final String ACTION = "io.jdefer.Action";
    static final String ACTION_WITH = "io.jdefer.ActionWith";
    static final String DEFER = "io.jdefer.annotation.Defer";
    static final String RECOVER = "io.jdefer.annotation.Recover";

    private Frames() {
    }

    /** The code that becomes one method in bytecode. */
    enum Kind {
        LAMBDA, METHOD, CONSTRUCTOR, STATIC_INITIALIZER, INSTANCE_INITIALIZER
    }

    /**
     * The frame that a tree's code runs in.
     *
     * @param kind what it is
     * @param tree the lambda or method tree, or the block or field of an initializer
     * @param path the path to {@code tree}
     * @param owner the class whose bytecode holds it
     * @param methodName the name vet prints for it: the method's name, or for a lambda the method
     *        that javac names it after ({@code new} in constructors and instance initializers,
     *        {@code static} in static ones)
     */
    record Frame(Kind kind, Tree tree, TreePath path, ClassSymbol owner, String methodName) {
        /** How vet's messages name this frame. */
        String describe() {
            return switch (kind) {
                case LAMBDA -> "a lambda in " + simpleName(owner) + "." + methodName;
                case STATIC_INITIALIZER -> "the static initializer of " + simpleName(owner);
                case CONSTRUCTOR, INSTANCE_INITIALIZER -> simpleName(owner) + ".<init>";
                case METHOD -> simpleName(owner) + "." + methodName;
            };
        }
    }

    /** The frame that the leaf of {@code path} runs in, or null outside any class body. */
    static Frame frameOf(TreePath path) {
        Tree child = path.getLeaf();
        TreePath lambdaPath = null;
        for (TreePath p = path; p != null; child = p.getLeaf(), p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof LambdaExpressionTree && lambdaPath == null) {
                lambdaPath = p;
            } else if (t instanceof MethodTree m) {
                MethodSymbol sym = ASTHelpers.getSymbol(m);
                ClassSymbol owner = sym.enclClass();
                boolean ctor = sym.isConstructor();
                String name = ctor ? "new" : m.getName().toString();
                if (lambdaPath != null) {
                    return new Frame(Kind.LAMBDA, lambdaPath.getLeaf(), lambdaPath, owner, name);
                }
                return new Frame(ctor ? Kind.CONSTRUCTOR : Kind.METHOD, m, p, owner, name);
            } else if (t instanceof ClassTree c) {
                // a field initializer or an initializer block: its code goes into <clinit> or <init>
                ClassSymbol owner = ASTHelpers.getSymbol(c);
                boolean isStatic = child instanceof VariableTree v
                        ? v.getModifiers().getFlags().contains(Modifier.STATIC)
                        : child instanceof BlockTree b && b.isStatic();
                if (lambdaPath != null) {
                    return new Frame(Kind.LAMBDA, lambdaPath.getLeaf(), lambdaPath, owner, isStatic ? "static" : "new");
                }
                TreePath memberPath = new TreePath(p, child);
                return new Frame(isStatic ? Kind.STATIC_INITIALIZER : Kind.INSTANCE_INITIALIZER, child,
                        memberPath, owner, isStatic ? "static" : "new");
            }
        }
        return null;
    }

    /** How vet names a class: its binary name after the package ({@code Outer$Inner}, {@code Outer$1}). */
    static String simpleName(ClassSymbol c) {
        String flat = c.flatName().toString();
        return flat.substring(flat.lastIndexOf('.') + 1);
    }

    /** A static method of {@code io.jdefer.Go} called {@code name}. */
    static boolean isGoMethod(Symbol sym, String name) {
        return sym instanceof MethodSymbol m && m.isStatic() && m.getSimpleName().contentEquals(name)
                && m.owner instanceof ClassSymbol c && c.getQualifiedName().contentEquals(GO);
    }

    /** {@code Go.defer(action)} or {@code Go.defer(action, arg)}, the calls that register a deferred action. */
    static boolean isDefer(MethodInvocationTree call, VisitorState state) {
        Symbol sym = ASTHelpers.getSymbol(call);
        if (!isGoMethod(sym, "defer")) {
            return false;
        }
        List<Symbol.VarSymbol> params = ((MethodSymbol) sym).getParameters();
        Types types = state.getTypes();
        if (params.size() == 1) {
            return is(types.erasure(params.get(0).type), ACTION);
        }
        return params.size() == 2 && is(types.erasure(params.get(0).type), ACTION_WITH)
                && is(types.erasure(params.get(1).type), "java.lang.Object");
    }

    /** {@code Go.recover()}. */
    static boolean isRecover(MethodInvocationTree call) {
        Symbol sym = ASTHelpers.getSymbol(call);
        return isGoMethod(sym, "recover") && ((MethodSymbol) sym).getParameters().isEmpty();
    }

    /** Whether {@code t} is the class {@code name} (erased). */
    static boolean is(Type t, String name) {
        return t != null && t.tsym instanceof ClassSymbol c && c.getQualifiedName().contentEquals(name);
    }

    /** Whether {@code t} is Action or ActionWith, the types of a deferred action. */
    static boolean isActionType(Type t, VisitorState state) {
        if (t == null) {
            return false;
        }
        Type erased = state.getTypes().erasure(t);
        return is(erased, ACTION) || is(erased, ACTION_WITH);
    }

    /** Whether {@code m} carries the annotation {@code name}. */
    static boolean annotated(Symbol m, String name) {
        return m.getAnnotationMirrors().stream().anyMatch(a -> a.getAnnotationType().asElement() instanceof
                javax.lang.model.element.TypeElement e && e.getQualifiedName().contentEquals(name));
    }

    /**
     * The methods of this compilation unit used as an Action or ActionWith by a method reference,
     * which run as deferred actions: exact methods for static, private and constructor references,
     * and name plus erased signature for virtual ones, which may dispatch to any override.
     */
    static final class ActionReferences {
        private final Set<Symbol> exact = new HashSet<>();
        private final Set<String> virtual = new HashSet<>();

        /** The references in {@code unit}. */
        static ActionReferences of(CompilationUnitTree unit, VisitorState state) {
            ActionReferences refs = new ActionReferences();
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitMemberReference(MemberReferenceTree tree, Void v) {
                    Symbol sym = ASTHelpers.getSymbol(tree);
                    if (sym instanceof MethodSymbol m && isActionType(ASTHelpers.getType(tree), state)) {
                        boolean virtual = !m.isStatic() && !m.isConstructor() && (m.flags() & Flags.PRIVATE) == 0
                                && !(tree.getQualifierExpression() instanceof com.sun.source.tree.IdentifierTree id
                                        && id.getName().contentEquals("super"));
                        if (virtual) {
                            refs.virtual.add(signature(m, state));
                        } else {
                            refs.exact.add(m);
                        }
                    }
                    return super.visitMemberReference(tree, v);
                }
            }.scan(unit, null);
            return refs;
        }

        /** Whether {@code m} runs as a deferred action through one of these references. */
        boolean contains(MethodSymbol m, VisitorState state) {
            return exact.contains(m) || !m.isStatic() && !m.isConstructor() && virtual.contains(signature(m, state));
        }

        private static String signature(MethodSymbol m, VisitorState state) {
            return m.getSimpleName() + state.getTypes().erasure(m.type).toString();
        }
    }

    /** The deferred-action references of the unit {@code state} is in, computed once per unit. */
    static ActionReferences actionReferences(VisitorState state) {
        return REFERENCES.computeIfAbsent(state.getPath().getCompilationUnit(), u -> ActionReferences.of(u, state));
    }

    /** Weak, so that a long-lived compiler (an IDE, a build daemon) does not keep old trees. */
    private static final Map<CompilationUnitTree, ActionReferences> REFERENCES =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Whether a frame runs as a deferred action, as far as this compilation unit shows: a lambda
     * typed Action or ActionWith, a method referenced as one here, or the {@code run}/{@code accept}
     * of a class that implements one of them.
     */
    static boolean isDeferredAction(Frame f, VisitorState state) {
        switch (f.kind()) {
            case LAMBDA:
                return isActionType(ASTHelpers.getType(f.tree()), state);
            case METHOD:
            case CONSTRUCTOR: {
                MethodSymbol m = ASTHelpers.getSymbol((MethodTree) f.tree());
                if (actionReferences(state).contains(m, state)) {
                    return true;
                }
                if (m.getSimpleName().contentEquals("run") || m.getSimpleName().contentEquals("accept")) {
                    for (Type i : f.owner().getInterfaces()) {
                        if (isActionType(i, state)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default:
                return false;
        }
    }

    /**
     * Whether no code outside this compilation unit can make {@code f} a deferred action, so that
     * what {@link #isDeferredAction} says is the whole truth: a lambda; a private method or
     * constructor; a method with two or more parameters, which no Action or ActionWith reference
     * fits; a static initializer.
     */
    static boolean fullyKnown(Frame f) {
        return switch (f.kind()) {
            case LAMBDA, STATIC_INITIALIZER -> true;
            case INSTANCE_INITIALIZER -> false;
            case METHOD, CONSTRUCTOR -> {
                MethodSymbol m = ASTHelpers.getSymbol((MethodTree) f.tree());
                yield (m.flags() & Flags.PRIVATE) != 0 || m.getParameters().size() >= 2;
            }
        };
    }
}
