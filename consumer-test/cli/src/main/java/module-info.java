/** The application of the README's java command lines; a named module on the module path. */
module com.example.app {
    requires io.jdefer;
}
