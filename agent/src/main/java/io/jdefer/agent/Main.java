package io.jdefer.agent;

/** {@code java -jar jdefer-agent.jar}: usage, and the {@code vet} subcommand. */
public final class Main {
    private Main() {
        throw new AssertionError();
    }

    /**
     * Prints how to use the agent, or runs {@code vet}.
     *
     * @param args {@code help}, nothing, or {@code vet <paths>...}
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
                System.out.println();
                System.out.println("Check class files for jdefer mistakes, like go vet (exit status 1 if it reports anything):");
                System.out.println("  java -jar jdefer-agent.jar vet <classes dir | jar | .class>...");
            }
            case "vet" -> System.exit(io.jdefer.agent.vet.Vet.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            default -> {
                System.err.println("unknown command '" + cmd + "'; usage: java -jar jdefer-agent.jar [help | vet <paths>...]");
                System.exit(2);
            }
        }
    }
}
