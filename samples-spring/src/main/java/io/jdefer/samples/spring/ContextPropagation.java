package io.jdefer.samples.spring;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * Carries the caller's MDC into tasks. Spring Boot applies a unique {@link TaskDecorator} bean to
 * its {@code applicationTaskExecutor}, which with {@code spring.threads.virtual.enabled=true} is a
 * {@code SimpleAsyncTaskExecutor} starting one virtual thread per task: the executor a
 * {@code Group} needs (every member a thread of its own) that also brings the request's context.
 */
@Configuration(proxyBeanMethods = false)
public class ContextPropagation {
    @Bean
    TaskDecorator mdcTaskDecorator() {
        return task -> {
            Map<String, String> captured = MDC.getCopyOfContextMap();   // on the submitting thread
            return () -> {
                Map<String, String> before = MDC.getCopyOfContextMap();
                set(captured);
                try {
                    task.run();
                } finally {
                    set(before);
                }
            };
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
