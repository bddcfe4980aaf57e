package dev.exceptionledger.intake;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;

/** Intake's knobs, under {@code intake.*}. */
@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    /**
     * Per canonical agent action, more words agents write for it than the shipped table knows, e.g.
     * {@code intake.agent-actions.closed=wrapped_up,parked}; a word given here wins over the shipped table.
     */
    Map<String, List<String>> agentActions();
}
