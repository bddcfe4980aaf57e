package dev.exceptionledger.support;

/** The key store did not answer: nothing personal can be sealed or opened until it does. */
public class SubjectKeysUnavailableException extends RuntimeException {
    public SubjectKeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
