package dev.exceptionledger.review.rest;

import java.util.List;

/** A page of a review queue; {@code total} counts the whole queue, so a client knows how many pages there are. */
public record ReviewPage(List<ReviewSummary> items, int page, int size, long total) { }
