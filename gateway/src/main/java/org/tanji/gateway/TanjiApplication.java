package org.tanji.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TanjiApplication {
    public static void main(String[] args) {
        SpringApplication.run(TanjiApplication.class, args);
    }
}
