package dev.exceptionledger.review.domain;

/** Why an item is in a queue. */
public enum ItemSource {
    /** routing handed the interaction to a team */
    HANDOFF,
    /** an audit sampling run picked an agent-handled or discarded interaction */
    AUDIT,
    /** a reviewer's WRONG_TEAM verdict sent it to another team */
    REROUTE,
    /** routing handed off an imported interaction (history, reviewed retrospectively; never delivered live) */
    IMPORT
}
