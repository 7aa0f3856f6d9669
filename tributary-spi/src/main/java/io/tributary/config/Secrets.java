package io.tributary.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} references from the environment and the project's optional
 * {@code .env} file, and remembers every resolved value so that {@link #redact} can mask it in any
 * text that leaves the program (messages, logs, run history). The registry is process-wide on
 * purpose: a secret may surface in an exception thrown deep inside a driver.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> KNOWN_VALUES = ConcurrentHashMap.newKeySet();

    private final Map<String, String> variables;

    private Secrets(Map<String, String> variables) {
        this.variables = variables;
    }

    /** Environment variables win over the project's {@code .env} file, as in docker-compose. */
    public static Secrets forProject(Path projectDir, Map<String, String> environment) throws IOException {
        Map<String, String> merged = new HashMap<>(readDotEnv(projectDir.resolve(".env")));
        merged.putAll(environment);
        return new Secrets(merged);
    }

    public static Secrets of(Map<String, String> variables) {
        return new Secrets(Map.copyOf(variables));
    }

    public static boolean containsReference(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    /**
     * Replaces each reference by its value. Unset variables are reported as problems at the
     * value's location, and the reference is kept as written so later steps never see a value.
     */
    public String resolve(String text, Location location, String path, Problems problems) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = variables.get(name);
            if (value == null) {
                problems.add(location, path, "the environment variable " + name + " is not set",
                        "export " + name + "=... before running, or add " + name + "=... to the project's .env file");
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
            } else {
                remember(value);
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Registers a value that must never be printed. Values shorter than 3 characters are not masked: they would mask ordinary text. */
    public static void remember(String value) {
        if (value != null && value.length() >= 3) {
            KNOWN_VALUES.add(value);
        }
    }

    /** Masks every known secret value in the text. */
    public static String redact(String text) {
        if (text == null || KNOWN_VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : KNOWN_VALUES) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    static Map<String, String> readDotEnv(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(key, value);
        }
        return values;
    }
}
