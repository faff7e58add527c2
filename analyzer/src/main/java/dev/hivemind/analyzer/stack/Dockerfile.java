package dev.hivemind.analyzer.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Dockerfile} (or {@code Containerfile}) at the app's root says about running the app: the
 * environment, exposed ports and command of its last stage (the image that runs; earlier stages build). HiveMind
 * does not build images; it reads the file as the app's own statement of how it starts and where it listens, below
 * what the app's start command, scripts, configuration and code say.
 *
 * @param file    {@code Dockerfile} or {@code Containerfile}
 * @param env     the {@code ENV} variables of the last stage, in order
 * @param exposed the ports of its {@code EXPOSE} lines, in order
 * @param command {@code ENTRYPOINT} then {@code CMD}, as one line (exec form joined with spaces); empty when neither
 */
public record Dockerfile(String file, Map<String, String> env, List<Integer> exposed, Optional<String> command) {
    public static final List<String> FILES = List.of("Dockerfile", "Containerfile");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([A-Za-z]+)\\s+(.*)$");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)");
    private static final Pattern EXEC_WORD = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NUMBER = Pattern.compile("^(\\d{1,5})(?:/tcp)?$");

    public Dockerfile {
        env = Map.copyOf(env);
        exposed = List.copyOf(exposed);
    }

    /** The Dockerfile or Containerfile in {@code directory}, read. */
    public static Optional<Dockerfile> read(Path directory) {
        return ProjectFiles.first(directory, FILES).flatMap(name -> ProjectFiles.read(directory.resolve(name))
                .map(text -> parse(name, text)));
    }

    static Dockerfile parse(String name, String text) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Integer> exposed = new ArrayList<>();
        String entrypoint = "";
        String cmd = "";
        for (String line : instructions(text)) {
            Matcher instruction = INSTRUCTION.matcher(line);
            if (!instruction.matches()) {
                continue;
            }
            String argument = instruction.group(2).strip();
            switch (instruction.group(1).toUpperCase(Locale.ROOT)) {
                case "FROM" -> {
                    env.clear();
                    exposed.clear();
                    entrypoint = "";
                    cmd = "";
                }
                case "ENV" -> env.putAll(env(argument));
                case "EXPOSE" -> exposed.addAll(ports(argument));
                case "ENTRYPOINT" -> entrypoint = command(argument);
                case "CMD" -> cmd = command(argument);
                default -> {
                }
            }
        }
        String command = (entrypoint + " " + cmd).strip();
        return new Dockerfile(name, env, exposed, command.isEmpty() ? Optional.empty() : Optional.of(command));
    }

    /** The lines of the file with continuations joined and comments left out. */
    private static List<String> instructions(String text) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                joined.add(current.append(stripped).toString());
                current.setLength(0);
            }
        }
        return joined;
    }

    /** {@code ENV PORT=8080 HOST=0.0.0.0}, or the old form {@code ENV PORT 8080}. */
    private static Map<String, String> env(String argument) {
        Map<String, String> pairs = new LinkedHashMap<>();
        String[] parts = argument.split("\\s+", 2);
        if (!parts[0].contains("=")) {
            pairs.put(parts[0], parts.length > 1 ? unquote(parts[1].strip()) : "");
            return pairs;
        }
        Matcher pair = ENV_PAIR.matcher(argument);
        while (pair.find()) {
            pairs.put(pair.group(1), unquote(pair.group(2)));
        }
        return pairs;
    }

    private static List<Integer> ports(String argument) {
        List<Integer> ports = new ArrayList<>();
        for (String word : argument.split("\\s+")) {
            Matcher number = NUMBER.matcher(word);
            if (number.matches()) {
                ports.add(Integer.parseInt(number.group(1)));
            }
        }
        return ports;
    }

    /** An exec-form array joined with spaces, or the shell form as written. */
    private static String command(String argument) {
        if (!argument.startsWith("[")) {
            return argument;
        }
        List<String> words = new ArrayList<>();
        Matcher word = EXEC_WORD.matcher(argument);
        while (word.find()) {
            words.add(word.group(1).replace("\\\"", "\""));
        }
        return String.join(" ", words);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
    }
}
