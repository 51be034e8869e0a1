/**
 * Not API. The runtime's machinery (per-goroutine frame state, defer records, panic records,
 * the crash report) and the entry points that code rewritten by the jdefer agent or by
 * build-time weaving calls. The package is exported only because that rewritten code lives in
 * the application's own module (see the {@code io.jdefer} module description); its classes and
 * their signatures may change in any release. Use {@link io.jdefer.Go} instead.
 */
package io.jdefer.internal;
