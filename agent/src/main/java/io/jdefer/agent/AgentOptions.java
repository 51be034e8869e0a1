package io.jdefer.agent;

import java.util.Locale;

/**
 * The agent options, {@code -javaagent:jdefer-agent.jar=key=value,key=value}. Immutable; an
 * unknown key or a bad value is an {@link IllegalArgumentException} whose message lists the valid
 * ones, and the agent then installs nothing rather than guessing.
 *
 * @param records the defer-record tier to select ({@code pooled}/{@code allocated}), or null to leave it
 * @param verbose print one line per rewritten class
 * @param help only print the options
 * @param opencoded open-code the defers of eligible methods (DESIGN §4 third tier)
 */
record AgentOptions(String records, boolean verbose, boolean help, boolean opencoded) {
    static final String USAGE = String.join(System.lineSeparator(),
            "jdefer agent options: -javaagent:jdefer-agent.jar[=key=value,...]",
            "  records=pooled|allocated  defer-record tier, sets -Djdefer.records unless given (default pooled)",
            "  verbose=true|false        print one line per rewritten class (default false)",
            "  opencoded=true|false      open-code defers: locals + bit mask, inline calls at exit, records only",
            "                            for methods Go would not open-code (default false)",
            "  help                      print this and install nothing");

    static final AgentOptions DEFAULT = new AgentOptions(null, false, false, false);

    static AgentOptions parse(String args) {
        AgentOptions o = DEFAULT;
        if (args == null || args.isBlank()) {
            return o;
        }
        for (String part : args.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1).trim();
            switch (key) {
                case "help" -> o = o.withHelp();
                case "records" -> o = o.withRecords(oneOf(key, value, "pooled", "allocated"));
                case "verbose" -> o = o.withVerbose(Boolean.parseBoolean(oneOf(key, value, "true", "false")));
                case "opencoded" -> o = o.withOpencoded(Boolean.parseBoolean(oneOf(key, value, "true", "false")));
                default -> throw new IllegalArgumentException("unknown option '" + key + "'");
            }
        }
        return o;
    }

    private static String oneOf(String key, String value, String... valid) {
        if (value != null) {
            for (String v : valid) {
                if (v.equalsIgnoreCase(value)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("bad value " + (value == null ? "(none)" : "'" + value + "'")
                + " for option '" + key + "': use " + String.join(" or ", valid));
    }

    AgentOptions withRecords(String r) {
        return new AgentOptions(r, verbose, help, opencoded);
    }

    AgentOptions withVerbose(boolean v) {
        return new AgentOptions(records, v, help, opencoded);
    }

    AgentOptions withHelp() {
        return new AgentOptions(records, verbose, true, opencoded);
    }

    AgentOptions withOpencoded(boolean on) {
        return new AgentOptions(records, verbose, help, on);
    }
}
