package io.jdefer.agent;

/** {@code java -jar jdefer-agent.jar}: usage. Later subcommands (vet) hang off this dispatcher. */
public final class Main {
    private Main() {
        throw new AssertionError();
    }

    /**
     * Prints how to use the agent.
     *
     * @param args {@code help} or nothing
     */
    public static void main(String[] args) {
        String cmd = args.length == 0 ? "help" : args[0];
        switch (cmd) {
            case "help", "-h", "--help" -> {
                System.out.println("jdefer agent: Go's defer/panic/recover for the JVM.");
                System.out.println();
                System.out.println("Attach it to the JVM that runs code with @Defer/@Recover methods or Go.defer calls:");
                System.out.println("  java -javaagent:jdefer-agent.jar[=key=value,...] -cp app.jar:jdefer-runtime.jar Main");
                System.out.println();
                System.out.println(AgentOptions.USAGE);
            }
            default -> {
                System.err.println("unknown command '" + cmd + "'; usage: java -jar jdefer-agent.jar [help]");
                System.exit(2);
            }
        }
    }
}
