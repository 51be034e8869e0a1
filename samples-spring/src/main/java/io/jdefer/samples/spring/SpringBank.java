package io.jdefer.samples.spring;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot service on jdefer: transfers between accounts in H2 through a
 * {@code @Transactional} bean whose methods also {@code defer}, {@code @Recover} handlers that
 * always answer with an error body, a {@code Group} fan-out on Spring's context-carrying executor,
 * and a goroutine panic policy chosen at startup (see samples-spring/README.md).
 *
 * <pre>
 * java -javaagent:jdefer-agent.jar -jar jdefer-samples-spring.jar [--server.port=8080 ...]   # serve
 * java -javaagent:jdefer-agent.jar -cp ... io.jdefer.samples.spring.SpringBank demo           # load + invariants
 * </pre>
 */
@SpringBootApplication
public class SpringBank {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "serve";
        String[] springArgs = mode.equals("serve") && (args.length == 0 || args[0].startsWith("--"))
                ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (mode) {
            case "serve" -> SpringApplication.run(SpringBank.class, springArgs);
            case "demo" -> System.exit(demo(springArgs));
            default -> {
                System.err.println("SpringBank " + mode + ": unknown mode; use serve (the default) or demo");
                System.exit(64);
            }
        }
    }

    /** Starts the service on a free port of 127.0.0.1 with extra Spring arguments. */
    public static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--server.address=127.0.0.1";
        System.arraycopy(args, 0, all, 2, args.length);
        return SpringApplication.run(SpringBank.class, all);
    }

    /** The service's base URI, e.g. {@code http://127.0.0.1:41234/}. */
    public static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static int demo(String[] springArgs) throws Exception {
        int requests = Integer.getInteger("bank.load.requests", 2000);
        int concurrency = Integer.getInteger("bank.load.concurrency", 16);
        long seed = Long.getLong("bank.load.seed", LoadDriver.DEFAULT_SEED);
        // the load logs hundreds of expected errors with their stacks: to a file, not the console
        String logFile = System.getProperty("bank.demo.log", "target/spring-bank-demo.log");
        String[] args = Arrays.copyOf(springArgs, springArgs.length + 2);
        args[springArgs.length] = "--logging.file.name=" + logFile;
        args[springArgs.length + 1] = "--logging.threshold.console=OFF";
        System.out.println("starting the service; its log goes to " + logFile);
        try (ConfigurableApplicationContext context = start(args)) {
            LoadDriver driver = new LoadDriver(baseUri(context));
            Map<String, Long> before = driver.stats();
            System.out.printf("load: %d requests, %d at a time, seed %d (-Dbank.load.seed=N for another)%n",
                    requests, concurrency, seed);
            LoadDriver.Result result = driver.run(requests, concurrency, seed);
            System.out.println("load: " + result);
            List<String> problems = driver.checkInvariants(before, result, 30_000);
            System.out.println("after: " + driver.stats());
            result.problems().forEach(p -> System.out.println("PROBLEM " + p));
            problems.forEach(p -> System.out.println("INVARIANT BROKEN " + p));
            boolean ok = result.ok() && problems.isEmpty();
            System.out.println(ok ? "all invariants hold" : "FAILED");
            return ok ? 0 : 1;
        }
    }
}
