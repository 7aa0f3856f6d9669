package io.tributary.project;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import io.tributary.quality.checks.Bound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the transform steps whose value is a mapping of options ({@code dedupe}, {@code bucket},
 * {@code mask}, {@code hash}, {@code explode}): each key is checked where it is written, unknown keys
 * get a did-you-mean, and a step with a problem is left out (the pipeline then does not load).
 */
final class StepOptions {
    /** A salt shorter than this is easy to guess, and the hashes of guessable values (e-mails) with it. */
    static final int MIN_SALT_LENGTH = 8;

    private StepOptions() {}

    static TransformStep dedupe(ConfigReader item) {
        ConfigReader options = options(item, "dedupe", "e.g. dedupe: {key: id, latest: updated_at}");
        if (options == null) {
            return null;
        }
        List<String> key = options.stringOrList("key");
        if (key.isEmpty()) {
            options.problems().add(options.location(), options.pathOf("key"), "dedupe needs a key: the column (or columns) that identify a row",
                    "e.g. dedupe: {key: id} or dedupe: {key: [order_id, line]}");
        }
        String latest = options.string("latest", null);
        options.finish();
        return key.isEmpty() ? null : new TransformStep.Dedupe(List.copyOf(key), latest, item.location());
    }

    static TransformStep bucket(ConfigReader item) {
        String example = "e.g. bucket: {column: total_price, bounds: [50, 100, 200], labels: [Low, Medium, High, Premium]}";
        ConfigReader options = options(item, "bucket", example);
        if (options == null) {
            return null;
        }
        String column = options.requiredString("column", example);
        String into = options.string("into", column == null ? null : column + "_bucket");
        List<Bound> bounds = bounds(options);
        List<String> labels = options.stringOrList("labels");
        if (bounds != null && !bounds.isEmpty() && labels.size() != bounds.size() + 1) {
            options.problem("labels", "bucket needs one label more than bounds (a label below the first bound, one between each two, "
                    + "one from the last up): " + bounds.size() + " bounds need " + (bounds.size() + 1) + " labels, but there are " + labels.size(), null);
            labels = null;
        }
        options.finish();
        return column == null || bounds == null || bounds.isEmpty() || labels == null ? null
                : new TransformStep.Bucket(column, into, bounds, List.copyOf(labels), item.location());
    }

    /** The bounds, all numbers or all of one temporal kind, strictly increasing; null after a problem. */
    private static List<Bound> bounds(ConfigReader options) {
        List<ConfigNode> nodes = options.list("bounds");
        if (nodes.isEmpty()) {
            options.problems().add(options.locationOf("bounds"), options.pathOf("bounds"), "bucket needs bounds: a list of at least one value",
                    "e.g. bounds: [50, 100, 200] for a number column, bounds: [2024-01-01, 2025-01-01] for a date column");
            return null;
        }
        List<Bound> bounds = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode node = nodes.get(i);
            String path = options.pathOf("bounds") + "[" + i + "]";
            Bound bound = Bound.of(node);
            if (bound == null) {
                String found = node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null ? "'" + scalar.text() + "'" : node.kindName();
                options.problems().add(node.location(), path, "a bound must be a number, a date, a timestamp or a time of day, but is " + found,
                        "e.g. 100, or 2024-01-01 for a date column");
                return null;
            }
            if (!bounds.isEmpty()) {
                Bound previous = bounds.get(bounds.size() - 1);
                if (previous.type() != bound.type()) {
                    options.problems().add(node.location(), path, "the bounds must all be of one kind, but this one is " + bound.describe()
                            + " after " + previous.describe(), null);
                    return null;
                }
                if (compare(previous, bound) >= 0) {
                    options.problems().add(node.location(), path, "the bounds must increase strictly, but " + bound.text() + " follows "
                            + previous.text(), "write them from the smallest up, each once");
                    return null;
                }
            }
            bounds.add(bound);
        }
        return bounds;
    }

    /** Bounds of one kind in order: numbers by value; dates, timestamps and times as their uniform text (zoned ones as instants). */
    private static int compare(Bound a, Bound b) {
        return switch (a.type()) {
            case NUMBER -> a.number().compareTo(b.number());
            case ZONED_TIMESTAMP -> java.time.OffsetDateTime.parse(a.value(), ZONED).compareTo(java.time.OffsetDateTime.parse(b.value(), ZONED));
            default -> a.value().compareTo(b.value());
        };
    }

    private static final java.time.format.DateTimeFormatter ZONED = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    static TransformStep mask(ConfigReader item) {
        String example = "e.g. mask: {customer_email: email, phone: phone}";
        ConfigReader options = options(item, "mask", example);
        if (options == null) {
            return null;
        }
        Map<String, TransformStep.MaskStyle> columns = new LinkedHashMap<>();
        for (String column : options.keys()) {
            String style = options.oneOf(column, null, TransformStep.MaskStyle.NAMES);
            if (style != null) {
                columns.put(column, TransformStep.MaskStyle.valueOf(style.toUpperCase(Locale.ROOT)));
            }
        }
        if (options.keys().isEmpty()) {
            item.problem("mask", "mask needs at least one column", example);
        }
        options.finish();
        return columns.isEmpty() || columns.size() < options.keys().size() ? null : new TransformStep.Mask(columns, item.location());
    }

    static TransformStep hash(ConfigReader item) {
        String example = "e.g. hash: {columns: [customer_email], salt: \"${env:TRIBUTARY_HASH_SALT}\"}";
        ConfigReader options = options(item, "hash", example);
        if (options == null) {
            return null;
        }
        List<String> columns = options.stringOrList("columns");
        if (columns.isEmpty()) {
            options.problems().add(options.location(), options.pathOf("columns"), "hash needs columns: the column (or columns) to hash", example);
        }
        String salt = salt(options);
        options.finish();
        return columns.isEmpty() || salt == null ? null : new TransformStep.Hash(List.copyOf(columns), salt, item.location());
    }

    /**
     * The salt must be a secret reference: written in the pipeline file it would be in version
     * control, and whoever reads it can hash guesses. Empty when there is none; null after a problem.
     */
    private static String salt(ConfigReader options) {
        ConfigNode node = options.node("salt");
        if (node == null) {
            return "";
        }
        String hint = "keep the salt out of the file: salt: \"${env:TRIBUTARY_HASH_SALT}\", with TRIBUTARY_HASH_SALT set in the "
                + "environment or the project's .env file";
        if (!(node instanceof ConfigNode.ScalarNode scalar) || !Secrets.containsReference(scalar.text())) {
            // the message never repeats what is written: it is meant to be secret
            options.problem("salt", "the salt must come from a secret reference (${env:NAME}), not be written in the file", hint);
            return null;
        }
        int problemsBefore = options.problems().size();
        String salt = options.string("salt", null);
        if (salt == null || options.problems().size() > problemsBefore) {
            return null; // the variable is not set: already reported
        }
        if (salt.length() < MIN_SALT_LENGTH) {
            options.problem("salt", "the salt is " + salt.length() + " characters long; use at least " + MIN_SALT_LENGTH
                    + " so the hashes cannot be reversed by trying values", "e.g. export TRIBUTARY_HASH_SALT=$(openssl rand -hex 16)");
            return null;
        }
        return salt;
    }

    static TransformStep explode(ConfigReader item) {
        String example = "e.g. explode: {column: tags}";
        ConfigReader options = options(item, "explode", example);
        if (options == null) {
            return null;
        }
        String column = options.requiredString("column", example);
        String into = options.string("into", column);
        options.finish();
        return column == null ? null : new TransformStep.Explode(column, into, item.location());
    }

    private static ConfigReader options(ConfigReader item, String kind, String example) {
        ConfigNode node = item.node(kind);
        if (node instanceof ConfigNode.MapNode) {
            return item.map(kind);
        }
        item.problem(kind, kind + " takes a mapping of options but found " + (node == null ? "nothing" : node.kindName()), example);
        return null;
    }
}
