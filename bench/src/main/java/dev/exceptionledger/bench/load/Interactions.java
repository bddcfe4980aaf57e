package dev.exceptionledger.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;

import java.util.List;
import java.util.Random;

/**
 * Realistic interactions for the load generator, in the shape of deploy/local/demo/interactions.jsonl: routine
 * questions of the taxonomy's intents from ordinary contacts, and a share of exceptions — senior buyers, ERP, SSO,
 * security and procurement questions, churn threats, off-topic messages (CLINC150's out-of-scope kind) and spam.
 */
final class Interactions {

    private static final List<String> ROUTINE = List.of(
            "How much does the Team plan cost per user per month?",
            "What is the difference between the Starter and Business plans?",
            "Is there a discount if we pay annually instead of monthly?",
            "Can I schedule a product demo for next Tuesday afternoon?",
            "We would like to see a demo of the reporting features for our team.",
            "How do I export my dashboard to PDF?",
            "How do I add a new user to my workspace?",
            "Where do I change the notification settings?",
            "How can I import contacts from a CSV file?",
            "I forgot my password and the reset email never arrives.",
            "I can't log in to my account since this morning.",
            "My account is locked after too many attempts, can you unlock it?",
            "Can I get a copy of last month's invoice?",
            "Please update the billing address on our next invoice to 12 Harbour Road.",
            "Why was I charged twice this month?",
            "The export button shows an error 500, nothing downloads.",
            "The dashboard does not load in Firefox, it just spins.",
            "It would be great if you added a dark mode.",
            "Please add support for custom fields on invoices.",
            "Are you hiring for any remote roles?");

    private static final List<String> EXCEPTIONAL = List.of(
            "Does your platform integrate with our ERP? We run SAP S/4HANA for finance and need invoices to sync.",
            "Can it sync with NetSuite so we do not enter purchase orders twice?",
            "We are not renewing unless the SSO outages stop. Our team is already evaluating a competitor.",
            "Our security team needs your SOC 2 Type II report before procurement can sign the contract.",
            "Do you support SAML single sign-on with Okta and SCIM provisioning for 3,000 users?",
            "We need volume pricing for 2,000 seats on a multi-year agreement and data residency in the EU.",
            "Our procurement team needs you registered as a vendor and a formal quote for 500 seats.",
            "Please do not renew our contract, we are moving to another provider next quarter.",
            "We are a systems integrator and want to resell your product to our mid-market clients.",
            "Under GDPR I request a copy of all personal data you hold about me.",
            "Do you ship garden furniture to Norway?",
            "What is the weather going to be like in Lisbon this weekend?",
            "How many calories are in a slice of pizza?",
            "Can you recommend a good Italian restaurant near the office?",
            "CHEAP SEO BACKLINKS!!! Rank #1 on Google in 7 days, click here now, limited offer");

    private static final List<String> CHANNELS = List.of("web_form", "email", "chat", "phone", "api", "social", "partner");
    private static final List<String> NAMES = List.of("Sam Ortiz", "Lee Park", "Ana Silva", "Tom Becker", "Ivy Chen",
            "Raj Patel", "Mia Rossi", "Omar Haddad", "Julia Novak", "Eva Lund", "Klaus Weber", "Priya Raman");
    private static final List<String> ROUTINE_TITLES = List.of("Analyst", "Office Manager", "Sales Associate",
            "Marketing Coordinator", "Team Lead", "Accounts Assistant", "Data Engineer");
    private static final List<String> SENIOR_TITLES = List.of("CFO", "CISO", "VP of Engineering",
            "Head of Procurement", "CTO", "Managing Director", "COO");
    private static final List<String> COMPANIES = List.of("Brightline", "Quanta", "Harbourview", "Meridian Logistics",
            "Globex", "Initech", "Vantage Group", "Northwind", "Cedar", "Loomis");
    private static final List<String> LABELS = List.of("pricing_question", "product_how_to", "account_access",
            "billing_question", "bug_report", "demo_request", "low_priority_technical_question", "other");
    private static final List<String> ACTIONS = List.of("answered", "answered", "answered", "closed", "deflected",
            "escalated");

    private final Random random;

    Interactions(long seed) {
        this.random = new Random(seed);
    }

    /** One request body; {@code exceptionShare} of them exceptional (senior contact or exceptional text). */
    synchronized String next(long n, double exceptionShare) {
        boolean exceptional = random.nextDouble() < exceptionShare;
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("channel", pick(CHANNELS));
        if (random.nextInt(3) == 0) {
            body.put("subject", "Question " + n);
        }
        body.put("text", exceptional && random.nextBoolean() ? pick(EXCEPTIONAL) : pick(ROUTINE));
        if (random.nextInt(10) > 0) {
            String name = pick(NAMES);
            ObjectNode contact = body.putObject("contact");
            contact.put("name", name);
            contact.put("email", name.toLowerCase().replace(' ', '.') + random.nextInt(1000) + "@example.com");
            contact.put("title", exceptional && random.nextBoolean() ? pick(SENIOR_TITLES) : pick(ROUTINE_TITLES));
            contact.put("company", pick(COMPANIES));
            contact.put("companySize", exceptional ? 500 + random.nextInt(5000) : 5 + random.nextInt(200));
        }
        if (random.nextInt(5) > 0) {
            ObjectNode decision = body.putObject("agentDecision");
            decision.put("label", pick(LABELS));
            decision.put("confidence", Math.round((0.3 + 0.7 * random.nextDouble()) * 100) / 100.0);
            decision.put("action", pick(ACTIONS));
        }
        body.put("externalId", "load-" + n);
        return Json.write(body);
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
