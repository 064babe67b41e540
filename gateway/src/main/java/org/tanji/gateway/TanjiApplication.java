package org.tanji.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Tanji registry: the gateway, its embedded ledger and store, and the label pages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TanjiApplication {
    public static void main(String[] args) {
        org.hyperledger.fabric.contract.InProcessContractRouter.warmUp("tanji");
        SpringApplication.run(TanjiApplication.class, args);
    }
}
