package dev.exceptionledger.contracts;

/** A reviewer's correction, which the classifier learns as a new example. */
public record ClassifierFeedback(String text, String correctIntent, String previousIntent, String reviewId) {

    public static final String TYPE = "ClassifierFeedback";
}
