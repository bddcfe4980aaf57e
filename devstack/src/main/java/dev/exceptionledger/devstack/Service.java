package dev.exceptionledger.devstack;

import java.time.Duration;

/** The five services of the suite and the ports they listen on locally. */
public enum Service {
    INTAKE("intake-service", 8081),
    CLASSIFIER("classifier-service", 8082),
    ROUTING("routing-service", 8083),
    LEDGER("ledger-service", 8084),
    REVIEW("review-service", 8085);

    public final String module;
    public final int port;

    Service(String module, int port) {
        this.module = module;
        this.port = port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public boolean isReady() {
        return Keycloak.answers(url("/q/health/ready"));
    }

    public static void awaitReady(Duration timeout) {
        for (Service service : values()) {
            Ports.await(service.module + " (log: .devstack/logs/" + service.module + ".log)", timeout, service::isReady, null);
        }
    }
}
