package dev.exceptionledger.intake.domain;

/** Why intake refused something; {@link #code()} is the stable code in events and problem types. */
public enum RejectionReason {
    INVALID_JSON("invalid-json"),
    VALIDATION_FAILED("validation-failed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    BODY_TOO_LARGE("body-too-large"),
    IDEMPOTENCY_CONFLICT("idempotency-conflict");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
