package dev.exceptionledger.intake.domain;

import java.util.List;

/** The channels an interaction can arrive through: the one list intake accepts and the README documents. */
public final class Channels {
    private Channels() { }

    public static final List<String> ALL = List.of("web_form", "email", "chat", "phone", "api", "social", "partner");
}
