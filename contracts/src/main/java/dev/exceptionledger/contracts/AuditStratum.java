package dev.exceptionledger.contracts;

/**
 * One stratum of an audit sampling run.
 *
 * @param stratum    routing outcome, intent and reason, e.g. {@code AGENT_HANDLED/billing-question/answered}
 * @param population interactions of this stratum in the run's window
 * @param picked     how many were picked, novel ones included
 */
public record AuditStratum(String stratum, int population, int picked) { }
