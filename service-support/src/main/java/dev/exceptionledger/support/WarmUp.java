package dev.exceptionledger.support;

/**
 * A service's start-up rehearsal of its hot path: one round runs the real request or consumer code on synthetic
 * input ({@link WarmUpSamples}) so that the JIT has compiled it before the first real request or record, and does so
 * without sending anything to Kafka or writing business data. {@link WarmUpReadiness} runs the rounds and keeps the
 * service not ready until they are done. A service supplies its work as a CDI bean implementing this.
 */
public interface WarmUp {

    /** What one round does, for the log line, e.g. "classifies 18 synthetic interactions". */
    String describe();

    /** One round; called again and again until the warm-up's CPU budget or time limit is spent. */
    void round();
}
