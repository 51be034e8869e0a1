package io.jdefer.internal;

import java.util.Locale;

/**
 * The defer-record tier of this JVM, chosen once by {@code -Djdefer.records=}
 * (docs/architecture.md, "Record tiers"). The open-coded tier is the agent's business: it needs no
 * records on the normal path.
 */
public enum RecordTier {
    /** Per-goroutine array stack, no allocation per defer (default). */
    POOLED {
        @Override
        GoroutineState newState(long goid) {
            return new PooledState(goid);
        }
    },
    /** One heap record per defer. */
    ALLOCATED {
        @Override
        GoroutineState newState(long goid) {
            return new AllocatedState(goid);
        }
    };

    /** The system property that selects the tier. */
    public static final String PROPERTY = "jdefer.records";

    /** The tier of this JVM. */
    public static final RecordTier SELECTED = parse(System.getProperty(PROPERTY));

    abstract GoroutineState newState(long goid);

    /**
     * Parses a tier name.
     *
     * @param value {@code pooled}, {@code allocated}, or null/empty for the default
     * @return the tier
     * @throws IllegalArgumentException naming the valid values
     */
    public static RecordTier parse(String value) {
        if (value == null || value.isBlank()) {
            return POOLED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "pooled" -> POOLED;
            case "allocated" -> ALLOCATED;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + " is not a defer-record tier: use pooled (the default) or allocated"
                    + " (open-coded defers are the agent option opencoded=true)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
