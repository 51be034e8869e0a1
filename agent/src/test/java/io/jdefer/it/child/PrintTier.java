package io.jdefer.it.child;

import io.jdefer.internal.RecordTier;

/** Prints the record tier the runtime chose. */
public final class PrintTier {
    private PrintTier() {
    }

    public static void main(String[] args) {
        System.out.println(RecordTier.SELECTED);
    }
}
