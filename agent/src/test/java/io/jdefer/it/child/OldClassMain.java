package io.jdefer.it.child;

/** Runs {@code OldFrame.run()}, a Java 5 class file with a {@code @Defer} method (made by the test). */
public final class OldClassMain {
    private OldClassMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("OldFrame").getMethod("run").invoke(null);
            System.out.println("old: ran");
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.out.println("old: " + e.getCause().getClass().getSimpleName());
        }
    }
}
