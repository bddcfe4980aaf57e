package dev.exceptionledger.review.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;

import java.util.List;

/**
 * Drops an erased subject's personal values from every copy this service keeps (contracts' {@link PersonalFields}
 * names them): review items' packets and explanations, verdicts' notes, the classifications the audit samples from,
 * outcomes' notes, and the contact id items are found by (its email's hash). Every other column stays, so the queues,
 * the blind-spot report's counts and the audit still work.
 */
public final class ErasedSubjects {
    private ErasedSubjects() { }

    /** In the caller's transaction; @return how many rows held personal values of these interactions */
    public static int erase(List<String> interactionIds) {
        if (interactionIds.isEmpty()) {
            return 0;
        }
        EntityManager em = Panache.getEntityManager();
        int rows = 0;
        for (Object[] item : rows(em.createNativeQuery(
                "SELECT id, CAST(packet AS text) FROM review_item WHERE interaction_id IN (:ids)")
                .setParameter("ids", interactionIds).getResultList())) {
            rows += em.createNativeQuery("UPDATE review_item SET packet = CAST(:packet AS jsonb), contact_id = NULL, "
                            + "explanation = CASE WHEN explanation IS NULL THEN NULL ELSE :erased END WHERE id = :id")
                    .setParameter("packet", erased((String) item[1])).setParameter("erased", PersonalFields.ERASED)
                    .setParameter("id", item[0]).executeUpdate();
        }
        rows += em.createNativeQuery("UPDATE verdict SET note = :erased WHERE review_item_id IN "
                        + "(SELECT id FROM review_item WHERE interaction_id IN (:ids))")
                .setParameter("erased", PersonalFields.ERASED).setParameter("ids", interactionIds).executeUpdate();
        for (Object[] routed : rows(em.createNativeQuery("SELECT interaction_id, CAST(classification AS text) "
                        + "FROM routed_interaction WHERE interaction_id IN (:ids) AND classification IS NOT NULL")
                .setParameter("ids", interactionIds).getResultList())) {
            rows += em.createNativeQuery("UPDATE routed_interaction SET classification = CAST(:classification AS "
                            + "jsonb), contact_id = NULL WHERE interaction_id = :id")
                    .setParameter("classification", erased((String) routed[1])).setParameter("id", routed[0])
                    .executeUpdate();
        }
        rows += em.createNativeQuery("UPDATE outcome SET note = :erased WHERE interaction_id IN (:ids) "
                        + "AND note IS NOT NULL")
                .setParameter("erased", PersonalFields.ERASED).setParameter("ids", interactionIds).executeUpdate();
        return rows;
    }

    private static String erased(String json) {
        JsonNode node = Json.read(json, JsonNode.class);
        PersonalFields.replace(node, value -> PersonalFields.ERASED);
        return Json.write(node);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }
}
