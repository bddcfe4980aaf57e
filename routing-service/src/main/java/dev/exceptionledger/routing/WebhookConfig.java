package dev.exceptionledger.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Teams' webhooks for handoffs: {@code routing.webhook.teams.<team>.url} and {@code .secret}. */
@ConfigMapping(prefix = "routing.webhook")
public interface WebhookConfig {

    /** Deliveries tried before the handoff is dead-lettered, the first included. */
    @WithDefault("5")
    int attempts();

    /** The wait before the first retry; it doubles for each next one. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** Per attempt: connecting and the whole answer. */
    @WithDefault("PT5S")
    Duration timeout();

    Map<String, Team> teams();

    interface Team {
        URI url();

        /** Shared with the team's receiver, which checks the body's HMAC-SHA256 with it. */
        String secret();
    }
}
