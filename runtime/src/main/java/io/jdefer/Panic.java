package io.jdefer;

/**
 * A panic whose value is not a {@code Throwable}: what {@code Go.panic("bad state")} throws.
 * {@code Go.recover()} returns {@link #value()}, the very object passed to {@code panic}.
 *
 * <p>Stack traces are recorded unless the JVM runs with {@code -Djdefer.panicStackTraces=false},
 * which makes {@code Go.panic} about as cheap as Go's own (the crash report then has no stack).
 */
public class Panic extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final boolean STACK_TRACES =
            !"false".equalsIgnoreCase(System.getProperty("jdefer.panicStackTraces", "true"));

    private final transient Object value;

    /**
     * Creates a panic carrying {@code value}.
     *
     * @param value the panic value; {@code Go.panic(null)} throws {@link PanicNilError} instead
     */
    public Panic(Object value) {
        super(null, null, true, STACK_TRACES);
        this.value = value;
    }

    /**
     * {@code String.valueOf(value())}, computed when asked (Go, too, renders a panic value only
     * when it prints it), so an expensive or failing {@code toString} costs nothing on recover.
     *
     * @return the rendered value
     */
    @Override
    public String getMessage() {
        return render(value);
    }

    /**
     * The value passed to {@code Go.panic}, unchanged.
     *
     * @return the panic value
     */
    public Object value() {
        return value;
    }

    private static String render(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            // The crash report renders it again and reports the failure the way Go does.
            return "(" + value.getClass().getName() + ": toString() threw " + e + ")";
        }
    }
}
