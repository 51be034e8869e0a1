/**
 * The two annotations that make a method a jdefer frame: {@link io.jdefer.annotation.Defer} and
 * {@link io.jdefer.annotation.Recover}. They carry no behaviour of their own; the jdefer agent or
 * build-time weaving reads them from the class files.
 */
module io.jdefer.annotation {
    exports io.jdefer.annotation;
}
