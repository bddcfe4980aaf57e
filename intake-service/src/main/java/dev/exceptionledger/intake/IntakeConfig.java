package dev.exceptionledger.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Intake's knobs, under {@code intake.*}. */
@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    /**
     * Per canonical agent action, more words agents write for it than the shipped table knows, e.g.
     * {@code intake.agent-actions.closed=wrapped_up,parked}; a word given here wins over the shipped table.
     */
    Map<String, List<String>> agentActions();

    Imports imports();

    Inbound inbound();

    /** The ingress topic, interactions.inbound, which holds what platforms publish in clear. */
    interface Inbound {
        /**
         * Delete the records of interactions.inbound that intake's consumer group has committed (each one is then
         * recorded as a received or rejected event, sealed), so the platform's clear copy does not outlive its
         * reading. Turn off if another consumer also reads the platform's topic.
         */
        @WithDefault("true")
        boolean deleteConsumed();

        /** How often the consumed records are deleted (the scheduled job's period; any instance may run it). */
        @WithDefault("10s")
        Duration deleteConsumedEvery();
    }

    interface Imports {
        /** A directory of more import mappings ({@code NAME.yaml}), besides the shipped ones. */
        Optional<Path> mappingDir();

        /** Lines published and committed together: the unit of progress and of a resume. */
        @WithDefault("500")
        int batchSize();

        /** How often intake looks for imports to run or resume (one another instance started, say). */
        @WithDefault("5s")
        Duration poll();
    }
}
