package dev.exceptionledger.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Reads every rendered object into the typed model of its kind, strictly: a field the model does not know (a
 * misspelling, a field at the wrong level, one of a newer release) or a value of the wrong type is a problem, where
 * the API server or the operator would drop it or refuse the object.
 * <p>
 * The models: Kubernetes' own types and prometheus-operator's ({@code monitoring.coreos.com}) from fabric8's
 * kubernetes-model, and Strimzi's from its own API module ({@code io.strimzi:api}, the classes its CRDs are generated
 * from), all from Maven Central at the versions of deploy/k8s-checks/pom.xml. The models keep unknown fields in an
 * "additional properties" map (a Jackson any-setter) so that a client survives a newer server; here that is turned off.
 * <p>
 * CloudNativePG's kinds are checked against its schema vendored from npm (src/main/resources/cloudnative-pg,
 * written by cnpg-model/refresh.mjs); a {@code KeycloakRealmImport}'s realm is read into Keycloak's own
 * {@code RealmRepresentation} ({@code org.keycloak:keycloak-core}). The Keycloak operator publishes no model of its
 * CRs' own fields: of {@code Keycloak} only the metadata is checked, of {@code KeycloakRealmImport} the metadata and
 * the realm; {@link #UNMODELLED} names them.
 */
public final class KnownFields {

    /** The models, by apiVersion and kind. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /** CloudNativePG's kinds, by apiVersion and kind, and the release its schema is of. */
    static final VendoredSchema CLOUDNATIVE_PG = VendoredSchema.load("/cloudnative-pg/postgresql.cnpg.io-v1.schema.json");

    static final String REALM_IMPORT = "k8s.keycloak.org/v2alpha1/KeycloakRealmImport";

    /** Kinds without a model of their spec here: their metadata is checked (and a realm import's realm), the rest not. */
    static final Set<String> UNMODELLED = Set.of("k8s.keycloak.org/v2alpha1/Keycloak", REALM_IMPORT);

    private static final ObjectMapper STRICT = strictMapper();

    private KnownFields() { }

    /** One line per unknown field or mistyped value, per object; empty when every object reads cleanly. */
    public static List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            String what = object.path("kind").asText() + " " + ManifestChecks.name(object);
            Class<?> model = MODELS.get(type);
            if (model != null) {
                read(model, object, "", what, problems);
            } else if (CLOUDNATIVE_PG.kinds().contains(type)) {
                CLOUDNATIVE_PG.check(type, object).forEach(problem -> problems.add(what + ": " + problem));
            } else if (UNMODELLED.contains(type)) {
                read(ObjectMeta.class, object.path("metadata"), "/metadata", what, problems);
                if (type.equals(REALM_IMPORT) && object.path("spec").has("realm")) {
                    read(RealmRepresentation.class, object.path("spec").path("realm"), "/spec/realm", what, problems);
                }
            } else {
                problems.add(what + ": no model for " + type + " (a misspelt apiVersion or kind, or add it to KnownFields)");
            }
        }
        return problems;
    }

    /** Reads {@code value} (found at {@code at} in the object) into {@code model}, adding its unknown fields and errors. */
    private static void read(Class<?> model, JsonNode value, String at, String what, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        try {
            STRICT.reader().withAttribute(UNKNOWN, unknown).forType(model).readValue(value);
        } catch (IOException e) {
            String message = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
            String where = e instanceof JsonMappingException m ? at + pointer(m) : "";
            problems.add(what + ": " + (where.isEmpty() ? "" : where + ": ") + message.lines().findFirst().orElse(""));
        }
        unknown.forEach(field -> problems.add(what + ": unknown field " + at + field));
    }

    private static final String UNKNOWN = "unknownFields";

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated a) {
                return Boolean.FALSE;   // no catch-all for fields the model does not know
            }

            @Override
            public JsonIgnoreProperties.Value findPropertyIgnoralByName(com.fasterxml.jackson.databind.cfg.MapperConfig<?> config, Annotated a) {
                return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
            }
        });
        // every unknown field of an object, not just the first one
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            @SuppressWarnings("unchecked")
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                                 Object beanOrClass, String propertyName) throws IOException {
                ((List<String>) ctxt.getAttribute(UNKNOWN)).add(p.getParsingContext().pathAsPointer().toString());
                p.skipChildren();
                return true;
            }
        });
        return mapper;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return path.toString();
    }
}
