package dev.exceptionledger.contracts;

import java.util.List;

/** The channels an interaction can arrive through: the one list intake accepts (its README) and the classifier checks. */
public final class Channels {
    private Channels() { }

    public static final List<String> ALL = List.of("web_form", "email", "chat", "phone", "api", "social", "partner");
}
