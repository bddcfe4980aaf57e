package dev.exceptionledger.support;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Tracing is on exactly when {@code EXLEDGER_OTLP_ENDPOINT} names a collector. Without it the OpenTelemetry SDK is
 * disabled ({@code quarkus.otel.sdk.disabled=true}): no span is made, exported or propagated, and the exporter does
 * not fall back to its default endpoint and log failed exports. One setting for an operator, rather than the
 * endpoint and a switch that must agree. Below application.properties (ordinal 250), so a service or a test can
 * still set {@code quarkus.otel.sdk.disabled} itself.
 */
public class TracingSwitch implements ConfigSource {

    /** The environment variable: the collector's OTLP/HTTP base URL, e.g. {@code http://otel-collector:4318}. */
    public static final String ENDPOINT_VARIABLE = "EXLEDGER_OTLP_ENDPOINT";
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    private final Map<String, String> properties;

    public TracingSwitch() {
        this(System.getenv(ENDPOINT_VARIABLE));
    }

    TracingSwitch(String endpoint) {
        properties = Map.of(SDK_DISABLED, Boolean.toString(endpoint == null || endpoint.isBlank()));
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "exledger-tracing-switch";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
