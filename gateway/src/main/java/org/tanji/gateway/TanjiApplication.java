package org.tanji.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Tanji registry: the gateway, its embedded ledger and store, and the label pages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TanjiApplication {
    /**
     * Reactor Netty 1.3.7 (the version Boot 4.1.1 manages) can stop reading a keep-alive connection
     * for good: when a client's next request arrives before the previous exchange has terminated,
     * the request is queued, and once the queue drains nothing asks the channel to read again
     * (reactor/reactor-netty#4361, fixed in 1.3.8, whose epoll natives Maven Central does not serve
     * here). A client then waits forever for its answer. It showed as 30 s timeouts in the API tests
     * and as 107 hung requests in 25,000 from a keep-alive client alternating a 401 and a 200. With
     * this property the server finishes an exchange when its last response frame is written, so the
     * next request is handled at once instead of queued. (A client that truly pipelines requests can
     * still meet the bug; browsers and the usual HTTP clients do not pipeline.) Reactor Netty reads
     * the property once, when it handles its first connection, so it is set before anything starts.
     * An operator's own {@code -D} setting wins.
     */
    static {
        if (System.getProperty("reactor.netty.http.server.lastFlushWhenNoRead") == null) {
            System.setProperty("reactor.netty.http.server.lastFlushWhenNoRead", "true");
        }
    }

    public static void main(String[] args) {
        org.hyperledger.fabric.contract.InProcessContractRouter.warmUp("tanji");
        SpringApplication.run(TanjiApplication.class, args);
    }
}
