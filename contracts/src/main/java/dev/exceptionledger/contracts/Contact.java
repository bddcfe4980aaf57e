package dev.exceptionledger.contracts;

/** Who wrote in. Every field is optional; the name, email and title are personal data. */
public record Contact(String name, String email, String title, String company, Integer companySize) { }
