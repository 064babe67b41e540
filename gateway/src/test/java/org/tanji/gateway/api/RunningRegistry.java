package org.tanji.gateway.api;

import java.nio.file.Path;
import java.time.Duration;

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
        String[] args = new String[extra.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--tanji.data-dir=" + data;
        args[2] = "--tanji.public-rate-limit=100000";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return new RunningRegistry(new SpringApplicationBuilder(TanjiApplication.class).run(args));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
