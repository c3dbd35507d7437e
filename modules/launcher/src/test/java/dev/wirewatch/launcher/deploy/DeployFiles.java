package dev.wirewatch.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the deployment files of the repository (docker-compose.yml, the Helm chart, deploy/) and the launcher's
 * image profile, for the tests that keep them in step with the code.
 */
final class DeployFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");

    private DeployFiles() {
    }

    /** The repository root: the nearest folder above the working directory that holds the Helm chart. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("helm/wirewatch/Chart.yaml")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root with helm/wirewatch/Chart.yaml above " + dir);
    }

    static Path file(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing file " + path);
        }
        return path;
    }

    /**
     * Loads YAML the way Docker Compose does: anchors, aliases and {@code <<} merge keys resolved (SnakeYAML; Jackson's
     * YAML reader does not merge).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> composeYaml(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return (Map<String, Object>) doc;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + path, e);
        }
    }

    static JsonNode yaml(Path path) {
        try {
            return YAML.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + path, e);
        }
    }

    static JsonNode json(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + path, e);
        }
    }

    /** Every document of a multi-document YAML text (the output of {@code helm template}), empty ones dropped. */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to parse rendered YAML", e);
        }
        return docs;
    }

    /**
     * A Compose value with {@code ${VAR:-default}} replaced by its default, as an unset variable would give; a required
     * variable ({@code ${VAR:?message}}, which Compose refuses to start without) becomes empty.
     */
    static String composeDefault(String value) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("-".equals(m.group(2)) ? m.group(3) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables a Compose value uses without a default ({@code ${VAR}}) or requires ({@code ${VAR:?...}}). */
    static List<String> composeRequired(String value) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if ("?".equals(m.group(2))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Whether a Compose value gives a default for a variable ({@code ${VAR:-default}}). */
    static boolean composeHasDefault(String value) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        while (m.find()) {
            if ("-".equals(m.group(2))) {
                return true;
            }
        }
        return false;
    }

    /** The launcher's {@code images} profile: its properties and the Jib plugin's configuration. */
    record ImageProfile(String projectVersion, Map<String, String> properties, Element jibConfiguration) {

        /** The image name the profile builds by default, with {@code ${project.version}} resolved. */
        String image() {
            return properties.get("image").replace("${project.version}", projectVersion);
        }

        String text(String path) {
            Element e = jibConfiguration;
            for (String part : path.split("/")) {
                e = child(e, part);
                if (e == null) {
                    return null;
                }
            }
            return e.getTextContent().strip();
        }

        List<String> texts(String path) {
            int slash = path.lastIndexOf('/');
            Element parent = jibConfiguration;
            for (String part : path.substring(0, slash).split("/")) {
                parent = child(parent, part);
                if (parent == null) {
                    return List.of();
                }
            }
            List<String> out = new ArrayList<>();
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && e.getTagName().equals(path.substring(slash + 1))) {
                    out.add(e.getTextContent().strip());
                }
            }
            return out;
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            Element container = child(jibConfiguration, "container");
            Element environment = container == null ? null : child(container, "environment");
            if (environment != null) {
                NodeList nodes = environment.getChildNodes();
                for (int i = 0; i < nodes.getLength(); i++) {
                    if (nodes.item(i) instanceof Element e) {
                        env.put(e.getTagName(), e.getTextContent().strip());
                    }
                }
            }
            return env;
        }
    }

    static ImageProfile imageProfile() {
        Document pom = xml(file("modules/launcher/pom.xml"));
        Document parent = xml(file("pom.xml"));
        String version = child(parent.getDocumentElement(), "version").getTextContent().strip();
        Element profiles = child(pom.getDocumentElement(), "profiles");
        if (profiles == null) {
            throw new IllegalStateException("modules/launcher/pom.xml has no profiles");
        }
        NodeList list = profiles.getElementsByTagName("profile");
        for (int i = 0; i < list.getLength(); i++) {
            Element profile = (Element) list.item(i);
            if (!"images".equals(child(profile, "id").getTextContent().strip())) {
                continue;
            }
            Map<String, String> props = new LinkedHashMap<>();
            Element properties = child(profile, "properties");
            if (properties != null) {
                NodeList nodes = properties.getChildNodes();
                for (int j = 0; j < nodes.getLength(); j++) {
                    if (nodes.item(j) instanceof Element e) {
                        props.put(e.getTagName(), e.getTextContent().strip());
                    }
                }
            }
            NodeList plugins = profile.getElementsByTagName("plugin");
            for (int j = 0; j < plugins.getLength(); j++) {
                Element plugin = (Element) plugins.item(j);
                if ("jib-maven-plugin".equals(child(plugin, "artifactId").getTextContent().strip())) {
                    return new ImageProfile(version, props, child(plugin, "configuration"));
                }
            }
            throw new IllegalStateException("the images profile has no jib-maven-plugin");
        }
        throw new IllegalStateException("modules/launcher/pom.xml has no images profile");
    }

    /**
     * Every place where the launcher's pom names a dependency: its scope ({@code compile} when none), with the profile
     * that declares it, or the dependency that excludes it.
     */
    static List<String> launcherDeclarations(String artifactId) {
        Document pom = xml(file("modules/launcher/pom.xml"));
        List<String> found = new ArrayList<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!artifactId.equals(text(dependency, "artifactId"))) {
                continue;
            }
            String scope = (text(dependency, "scope") == null ? "compile" : text(dependency, "scope"))
                    + (text(dependency, "type") == null ? "" : " " + text(dependency, "type"));
            Element owner = (Element) dependency.getParentNode().getParentNode();
            if (owner.getTagName().equals("profile")) {
                Element activation = child(owner, "activation");
                boolean byDefault = activation != null && "true".equals(text(activation, "activeByDefault"));
                found.add(scope + " in profile " + text(owner, "id") + (byDefault ? ", active by default" : ""));
            } else {
                found.add(scope);
            }
        }
        NodeList exclusions = pom.getElementsByTagName("exclusion");
        for (int i = 0; i < exclusions.getLength(); i++) {
            Element exclusion = (Element) exclusions.item(i);
            if (artifactId.equals(text(exclusion, "artifactId"))) {
                found.add("excluded from " + text((Element) exclusion.getParentNode().getParentNode(), "artifactId"));
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    /** The version of a plugin in the root pom's pluginManagement. */
    static String managedPluginVersion(String artifactId) {
        NodeList plugins = xml(file("pom.xml")).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            Element id = child(plugin, "artifactId");
            Element version = child(plugin, "version");
            if (id != null && version != null && artifactId.equals(id.getTextContent().strip())) {
                return version.getTextContent().strip();
            }
        }
        return null;
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static Document xml(Path path) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(path.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Failed to parse " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + path, e);
        }
    }
}
