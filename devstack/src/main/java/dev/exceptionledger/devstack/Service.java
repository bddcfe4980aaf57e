package dev.exceptionledger.devstack;

import java.time.Duration;

/**
 * The five services of the suite and the ports they listen on locally: the API on {@link #port}, health and metrics
 * on the management interface at the port + 100 (no token).
 */
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

    /** Instance k (from 1) of a service listens on its port + 10·(k−1): classifier 8082, 8092, … */
    public int port(int instance) {
        return port + 10 * (instance - 1);
    }

    public String url(int instance, String path) {
        return "http://127.0.0.1:" + port(instance) + path;
    }

    /** Instance k's management interface (health, metrics): its port + 100, intake 8181, 8191, … */
    public int managementPort(int instance) {
        return port(instance) + 100;
    }

    public String managementUrl(int instance, String path) {
        return "http://127.0.0.1:" + managementPort(instance) + path;
    }

    public boolean isReady() {
        return isReady(1);
    }

    public boolean isReady(int instance) {
        return Keycloak.answers(managementUrl(instance, "/q/health/ready"));
    }

    /** The log of instance k, as deploy/local/run names it. */
    public String log(int instance) {
        return ".devstack/logs/" + module + (instance == 1 ? "" : "-" + instance) + ".log";
    }

    public static void awaitReady(Duration timeout) {
        awaitReady(timeout, 1);
    }

    /** Waits until every instance of every service reports ready. */
    public static void awaitReady(Duration timeout, int replicas) {
        for (Service service : values()) {
            for (int k = 1; k <= replicas; k++) {
                int instance = k;
                Ports.await(service.module + " instance " + k + " on port " + service.port(k) + " (log: "
                        + service.log(k) + ")", timeout, () -> service.isReady(instance), null);
            }
        }
    }
}
