/** The same application as consumer-test/agent, as a named module on the module path. */
module com.example.inventory {
    requires io.jdefer;

    exports com.example.inventory;
}
