package org.tanji.gateway.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.TanjiApplication;

/** A whole registry process-in-a-context on a data folder, started and stopped by a test. */
final class RunningRegistry implements AutoCloseable {
    final ConfigurableApplicationContext context;
    final WebTestClient http;

    private RunningRegistry(ConfigurableApplicationContext context) {
        this.context = context;
        String port = context.getEnvironment().getProperty("local.server.port");
        this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static RunningRegistry start(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--tanji.data-dir=" + data));
        if (Arrays.stream(extra).noneMatch(a -> a.startsWith("--tanji.public-rate-limit="))) {
            args.add("--tanji.public-rate-limit=100000");
        }
        args.addAll(List.of(extra));
        return new RunningRegistry(new SpringApplicationBuilder(TanjiApplication.class).run(args.toArray(String[]::new)));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
