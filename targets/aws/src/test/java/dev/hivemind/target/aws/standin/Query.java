package dev.hivemind.target.aws.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The parameters of one AWS Query-protocol request (form-encoded), with the list conventions of EC2 and the rest. */
record Query(Map<String, String> params) {

    static Query parse(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return new Query(params);
    }

    String action() {
        return params.getOrDefault("Action", "");
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(params.get(key));
    }

    String require(String key) {
        return get(key).orElseThrow(() -> new StandInError(400, "MissingParameter", "missing " + key));
    }

    /** {@code prefix.1}, {@code prefix.2}... (EC2 lists) or {@code prefix.member.1}... (the other Query services). */
    List<String> list(String prefix) {
        List<String> values = new ArrayList<>();
        for (int n = 1; ; n++) {
            String value = params.get(prefix + "." + n);
            if (value == null) {
                value = params.get(prefix + ".member." + n);
            }
            if (value == null) {
                return values;
            }
            values.add(value);
        }
    }

    /** The structures of a list: {@code prefix.N.field} (or {@code prefix.member.N.field}) as one map each. */
    List<Map<String, String>> structures(String prefix) {
        Map<Integer, Map<String, String>> found = new TreeMap<>();
        for (Map.Entry<String, String> param : params.entrySet()) {
            String key = param.getKey();
            String rest;
            if (key.startsWith(prefix + ".member.")) {
                rest = key.substring(prefix.length() + 8);
            } else if (key.startsWith(prefix + ".")) {
                rest = key.substring(prefix.length() + 1);
            } else {
                continue;
            }
            int dot = rest.indexOf('.');
            if (dot < 0 || !rest.substring(0, dot).matches("\\d+")) {
                continue;
            }
            found.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), n -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), param.getValue());
        }
        return new ArrayList<>(found.values());
    }

    /** Sub-list {@code field.1}, {@code field.2}... of one structure. */
    static List<String> list(Map<String, String> structure, String field) {
        List<String> values = new ArrayList<>();
        for (int n = 1; structure.containsKey(field + "." + n) || structure.containsKey(field + ".member." + n); n++) {
            values.add(structure.getOrDefault(field + "." + n, structure.get(field + ".member." + n)));
        }
        return values;
    }
}
