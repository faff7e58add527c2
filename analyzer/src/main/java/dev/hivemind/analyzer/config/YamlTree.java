package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * A YAML document as a tree, the way YAML means it: an alias ({@code *name}) is a copy of the node its anchor
 * ({@code &name}) marks, a merge key ({@code <<: *base}) adds the keys of the mappings it names that the mapping does
 * not set itself, and a key given twice in one mapping is refused. Jackson's own tree reading takes an alias for the
 * anchor's name and keeps the last of two equal keys; scalars are typed as Jackson types them.
 *
 * <p>Expanding aliases is bounded: a document whose tree, aliases expanded, would hold more than {@link #MAX_NODES}
 * nodes is refused (a few lines of nested aliases can otherwise stand for billions of nodes).
 */
final class YamlTree {
    /** The most nodes a document may hold with its aliases expanded. */
    static final int MAX_NODES = 10_000;
    static final String MERGE_KEY = "<<";
    private static final AnchorFactory FACTORY = new AnchorFactory();

    private final AnchorParser parser;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private int nodes;

    /** A problem with the document's structure, on a line of it. */
    static final class Problem extends RuntimeException {
        private final int line;

        Problem(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private record Anchored(JsonNode node, int size) {
    }

    private YamlTree(AnchorParser parser) {
        this.parser = parser;
    }

    /**
     * The document's root, empty when it holds nothing.
     *
     * @throws JsonParseException when the text is not YAML
     * @throws Problem            for a key given twice in a mapping, an alias to no anchor, a merge key whose value
     *                            is not a mapping, or too many nodes once aliases are expanded
     */
    static Optional<JsonNode> read(String text) throws IOException {
        try (AnchorParser parser = (AnchorParser) FACTORY.createParser(new StringReader(text))) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            JsonNode root = new YamlTree(parser).value();
            return root.isNull() ? Optional.empty() : Optional.of(root);
        }
    }

    private JsonNode value() throws IOException {
        int line = line();
        if (parser.isCurrentAlias()) {
            return alias(parser.getText(), line);
        }
        String anchor = parser.valueAnchor();
        int before = nodes;
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> mapping();
            case START_ARRAY -> sequence();
            default -> scalar();
        };
        count(1, line);
        if (anchor != null) {
            anchors.put(anchor, new Anchored(node, nodes - before));
        }
        return node;
    }

    private ObjectNode mapping() throws IOException {
        ObjectNode mapping = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> lines = new HashMap<>();
        List<ObjectNode> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line();
            Integer first = lines.putIfAbsent(key, line);
            if (first != null) {
                throw new Problem(line, "the key '" + key + "' is given twice in the same mapping (lines " + first
                        + " and " + line + "); keep one");
            }
            parser.nextToken();
            JsonNode value = value();
            if (key.equals(MERGE_KEY)) {
                merged.addAll(mergedMappings(value, line));
            } else {
                mapping.set(key, value);
            }
        }
        // the keys a mapping sets itself win over merged ones, and an earlier merged mapping over a later one
        for (ObjectNode source : merged) {
            source.properties().forEach(field -> {
                if (!mapping.has(field.getKey())) {
                    mapping.set(field.getKey(), field.getValue());
                }
            });
        }
        return mapping;
    }

    private static List<ObjectNode> mergedMappings(JsonNode value, int line) {
        List<JsonNode> sources = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(sources::add);
        } else {
            sources.add(value);
        }
        if (sources.stream().allMatch(JsonNode::isObject)) {
            return sources.stream().map(ObjectNode.class::cast).toList();
        }
        throw new Problem(line, "the merge key '<<' takes a mapping or a list of mappings (e.g. <<: *defaults), not "
                + value);
    }

    private ArrayNode sequence() throws IOException {
        ArrayNode sequence = JsonNodeFactory.instance.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            sequence.add(value());
        }
        return sequence;
    }

    private JsonNode scalar() throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (parser.currentToken()) {
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_EMBEDDED_OBJECT -> nodes.pojoNode(parser.getEmbeddedObject());
            default -> nodes.textNode(parser.getText());
        };
    }

    private JsonNode alias(String name, int line) {
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            throw new Problem(line, "the alias *" + name + " names no anchor (&" + name + ") defined before it");
        }
        count(anchored.size(), line);
        return anchored.node().deepCopy();
    }

    private void count(int added, int line) {
        nodes += added;
        if (nodes > MAX_NODES) {
            throw new Problem(line, "with its aliases expanded the file would hold more than " + MAX_NODES
                    + " values; write the repeated parts out, or use fewer aliases of aliases");
        }
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    /** Jackson's YAML factory, making parsers that tell the anchor of every value. */
    private static final class AnchorFactory extends YAMLFactory {
        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) throws IOException {
            return new AnchorParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                    reader);
        }
    }

    /**
     * Jackson's YAML parser, remembering the anchor of the event behind the current token: Jackson tells a
     * collection's anchor but not a scalar's.
     */
    private static final class AnchorParser extends YAMLParser {
        private String anchor;

        AnchorParser(IOContext context, int features, int yamlFeatures, LoaderOptions options,
                     ObjectCodec codec, Reader reader) {
            super(context, features, yamlFeatures, options, codec, reader);
        }

        @Override
        protected Event getEvent() throws IOException {
            Event event = super.getEvent();
            anchor = event instanceof NodeEvent node && !(event instanceof AliasEvent) ? node.getAnchor() : null;
            return event;
        }

        /** The anchor ({@code &name}) of the value the current token starts, or null. */
        String valueAnchor() {
            return anchor;
        }
    }
}
