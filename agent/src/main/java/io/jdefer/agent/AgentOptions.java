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
 * @param opencoded open-code the defers of eligible methods (docs/architecture.md, "Open-coding")
 * @param trace print frame entries/exits, defers, panics and recovers ({@code -Djdefer.trace=true})
 * @param vetWarn print vet's findings for each class as it loads (docs/architecture.md, "vet")
 */
record AgentOptions(String records, boolean verbose, boolean help, boolean opencoded, boolean trace, boolean vetWarn) {
    static final String USAGE = String.join(System.lineSeparator(),
            "jdefer agent options: -javaagent:jdefer-agent.jar[=key=value,...]",
            "  records=pooled|allocated  defer-record tier, sets -Djdefer.records unless given (default pooled)",
            "  verbose=true|false        print one line per rewritten class (default false)",
            "  opencoded=true|false      open-code defers: locals + bit mask, inline calls at exit, records only",
            "                            for methods Go would not open-code (default true; false: records everywhere)",
            "  trace=true|false          print each frame entry/exit, defer, deferred call, panic and recover",
            "                            on stderr, like Go's runtime tracing; sets -Djdefer.trace (default false)",
            "  vet=off|warn              print vet's findings (defer in a loop, useless recover, ...) once per",
            "                            site as classes load (default off); see: java -jar jdefer-agent.jar vet",
            "  help                      print this and install nothing");

    static final AgentOptions DEFAULT = new AgentOptions(null, false, false, true, false, false);

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
                case "trace" -> o = o.withTrace(Boolean.parseBoolean(oneOf(key, value, "true", "false")));
                case "vet" -> o = o.withVetWarn(oneOf(key, value, "off", "warn").equals("warn"));
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
        return new AgentOptions(r, verbose, help, opencoded, trace, vetWarn);
    }

    AgentOptions withVerbose(boolean v) {
        return new AgentOptions(records, v, help, opencoded, trace, vetWarn);
    }

    AgentOptions withHelp() {
        return new AgentOptions(records, verbose, true, opencoded, trace, vetWarn);
    }

    AgentOptions withOpencoded(boolean on) {
        return new AgentOptions(records, verbose, help, on, trace, vetWarn);
    }

    AgentOptions withTrace(boolean on) {
        return new AgentOptions(records, verbose, help, opencoded, on, vetWarn);
    }

    AgentOptions withVetWarn(boolean on) {
        return new AgentOptions(records, verbose, help, opencoded, trace, on);
    }
}
