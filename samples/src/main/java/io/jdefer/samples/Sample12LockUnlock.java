package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sample 12: {@code lock(); defer(Lock::unlock, lock)}, the mutex idiom.
 *
 * <p>The unlock is written right next to the lock, so it cannot be forgotten on an early return
 * or a panic, and no {@code try/finally} nesting pushes the real code to the right. A
 * {@code @Recover} caller stops the panic; the lock is already free when it does.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * var mu sync.Mutex
 * var balance = 100
 *
 * func withdraw(amount int) {
 *     mu.Lock()
 *     defer mu.Unlock()
 *     if amount > balance { panic("insufficient funds") }
 *     balance -= amount
 * }
 *
 * func tryWithdraw(amount int) { defer func() { recover() }(); withdraw(amount) }   // @Recover
 * }</pre>
 */
public class Sample12LockUnlock {
    static final ReentrantLock LOCK = new ReentrantLock();
    static int balance = 100;

    @Defer
    static void withdraw(int amount) {
        LOCK.lock();
        defer(ReentrantLock::unlock, LOCK);
        if (amount > balance) {
            throw panic("insufficient funds");
        }
        balance -= amount;
    }

    @Recover
    static void tryWithdraw(int amount) {
        withdraw(amount);
    }

    public static void main(String[] args) {
        tryWithdraw(30);
        System.out.println("withdrew 30: balance " + balance + ", locked: " + LOCK.isLocked());
        tryWithdraw(500);
        System.out.println("withdraw 500 panicked and was recovered: balance " + balance
                + ", locked: " + LOCK.isLocked());
    }

/* EXPECTED OUTPUT
withdrew 30: balance 70, locked: false
withdraw 500 panicked and was recovered: balance 70, locked: false
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample12LockUnlock
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample12LockUnlock
 */
}
