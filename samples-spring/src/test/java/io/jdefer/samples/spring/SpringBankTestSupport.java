package io.jdefer.samples.spring;

import org.springframework.context.ConfigurableApplicationContext;

final class SpringBankTestSupport {
    private SpringBankTestSupport() {
    }

    /** One in-memory database per started service, so that test classes never share balances. */
    static ConfigurableApplicationContext start() {
        return SpringBank.start("--spring.datasource.url=jdbc:h2:mem:bank-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    }
}
