package dev.exceptionledger.deploy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize that deploy/k8s uses:
 * {@code resources} (files and directories), {@code namespace}, {@code images} (by tag or digest), and {@code patches} (strategic merge
 * or JSON 6902, by path or inline, with an optional target). Anything else in a kustomization is refused rather than
 * ignored, so a rendering is never silently wrong; where kubectl is installed, a test compares both renderings.
 * It exists because Debian's kubectl (1.20) embeds kustomize 2.0, which predates {@code patches:}.
 */
public final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    /** Merge keys of the lists that strategic merge patches merge item by item; every other list is replaced. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "ports", "containerPort");

    private Kustomize() { }

    /** The objects of the kustomization in {@code dir}, in the order of its resources. */
    public static List<ObjectNode> render(Path dir) {
        JsonNode kustomization = readAll(dir.resolve("kustomization.yaml")).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: unsupported field '" + field + "'");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(dir, patch, objects);
        }
        String namespace = kustomization.path("namespace").asText(null);
        if (namespace != null) {
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", namespace));
        }
        for (JsonNode image : kustomization.path("images")) {
            objects.forEach(o -> setImage(o, image));
        }
        return objects;
    }

    /** Every non-empty YAML document of a file, as objects. */
    static List<ObjectNode> readAll(Path file) {
        try {
            List<ObjectNode> documents = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file)); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document instanceof ObjectNode object) {
                    documents.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalArgumentException(file + ": a document is not an object");
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static void applyPatch(Path dir, JsonNode entry, List<ObjectNode> objects) {
        String text;
        try {
            text = entry.has("path") ? Files.readString(dir.resolve(entry.get("path").asText())) : entry.get("patch").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode target = entry.get("target");
        JsonNode parsed = parse(text);
        if (parsed.isArray()) {
            if (target == null) {
                throw new IllegalArgumentException(dir + ": a JSON 6902 patch needs a target");
            }
            matching(objects, target).forEach(o -> jsonPatch(o, (ArrayNode) parsed));
            return;
        }
        List<ObjectNode> documents = new ArrayList<>();
        try {
            for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document instanceof ObjectNode object) {
                    documents.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ObjectNode document : documents) {
            List<ObjectNode> targets = target != null ? matching(objects, target) : matching(objects, selfTarget(document));
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(dir + ": patch matches no object: " + document.path("metadata"));
            }
            for (ObjectNode object : targets) {
                ObjectNode patch = document.deepCopy();
                if (target != null) {
                    // a patch applied by target keeps the target's own name
                    patch.remove("metadata");
                }
                merge(object, patch, isBuiltIn(object));
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode selfTarget(ObjectNode patch) {
        ObjectNode target = YAML.createObjectNode();
        target.put("kind", patch.path("kind").asText());
        target.put("name", patch.path("metadata").path("name").asText());
        return target;
    }

    static List<ObjectNode> matching(List<ObjectNode> objects, JsonNode target) {
        target.fieldNames().forEachRemaining(field -> {
            if (!Set.of("kind", "name", "group", "version", "labelSelector").contains(field)) {
                throw new IllegalArgumentException("unsupported patch target field '" + field + "'");
            }
        });
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode object : objects) {
            String apiVersion = object.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (target.has("kind") && !target.get("kind").asText().equals(object.path("kind").asText())) continue;
            if (target.has("name") && !object.path("metadata").path("name").asText().matches(target.get("name").asText())) continue;
            if (target.has("group") && !target.get("group").asText().equals(group)) continue;
            if (target.has("version") && !target.get("version").asText().equals(version)) continue;
            if (target.has("labelSelector") && !labelsMatch(object.path("metadata").path("labels"),
                    target.get("labelSelector").asText())) continue;
            matches.add(object);
        }
        return matches;
    }

    /** Equality-based selectors only ({@code a=b,c=d}), which is all deploy/k8s uses. */
    private static boolean labelsMatch(JsonNode labels, String selector) {
        for (String requirement : selector.split(",")) {
            String[] pair = requirement.trim().split("=", 2);
            if (pair.length != 2 || pair[0].endsWith("!")) {
                throw new IllegalArgumentException("unsupported label selector '" + selector + "'");
            }
            if (!pair[1].equals(labels.path(pair[0]).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBuiltIn(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return !apiVersion.contains("/") || apiVersion.matches("(apps|batch|policy|autoscaling|networking\\.k8s\\.io)/.*");
    }

    /** Strategic merge: maps merge, null deletes, lists of built-in kinds merge by their key, other lists replace. */
    static void merge(ObjectNode target, ObjectNode patch, boolean builtIn) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("unsupported strategic merge directive '" + name + "'");
            }
            JsonNode current = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, builtIn);
            } else if (value.isArray() && current != null && current.isArray() && builtIn && MERGE_KEYS.containsKey(name)) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(name));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode current, ArrayNode patch, String key) {
        for (JsonNode item : patch) {
            ObjectNode existing = null;
            for (JsonNode candidate : current) {
                if (candidate.path(key).equals(item.path(key))) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                current.add(item.deepCopy());
            } else {
                merge(existing, (ObjectNode) item, true);
            }
        }
    }

    /** RFC 6902 add, replace and remove (the operations deploy/k8s uses). */
    static void jsonPatch(ObjectNode object, ArrayNode operations) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            JsonPointer pointer = JsonPointer.compile(operation.path("path").asText());
            JsonNode parent = object.at(pointer.head());
            String last = pointer.last().getMatchingProperty();
            if (parent.isMissingNode()) {
                throw new IllegalArgumentException("JSON patch path " + pointer + " not found in "
                        + object.path("metadata").path("name").asText());
            }
            switch (op) {
                case "add", "replace" -> {
                    JsonNode value = operation.get("value").deepCopy();
                    if (parent instanceof ObjectNode map) {
                        if (op.equals("replace") && !map.has(last)) {
                            throw new IllegalArgumentException("JSON patch replaces a missing " + pointer);
                        }
                        map.set(last, value);
                    } else if (parent instanceof ArrayNode list) {
                        if (last.equals("-")) {
                            list.add(value);
                        } else if (op.equals("add")) {
                            list.insert(Integer.parseInt(last), value);
                        } else {
                            list.set(Integer.parseInt(last), value);
                        }
                    }
                }
                case "remove" -> {
                    if (parent instanceof ObjectNode map && map.has(last)) {
                        map.remove(last);
                    } else if (parent instanceof ArrayNode list && last.matches("\\d+")) {
                        list.remove(Integer.parseInt(last));
                    } else {
                        throw new IllegalArgumentException("JSON patch removes a missing " + pointer);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported JSON patch operation '" + op + "'");
            }
        }
    }

    private static void setImage(ObjectNode object, JsonNode image) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : object.path("spec").path("template").path("spec").path(list)) {
                String current = container.path("image").asText();
                int tag = current.lastIndexOf(':') > current.lastIndexOf('/') ? current.lastIndexOf(':') : current.length();
                if (!current.substring(0, tag).equals(image.path("name").asText())) {
                    continue;
                }
                String name = image.path("newName").asText(current.substring(0, tag));
                String newTag = image.has("newTag") ? ":" + image.get("newTag").asText() : current.substring(tag);
                // a digest pins the image and replaces the tag
                ((ObjectNode) container).put("image", image.has("digest") ? name + "@" + image.get("digest").asText() : name + newTag);
            }
        }
    }
}
