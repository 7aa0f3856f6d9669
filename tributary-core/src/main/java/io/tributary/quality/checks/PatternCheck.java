package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code pattern: {column, format | regex}}: a non-NULL value (as text) does not match the whole
 * pattern. The built-in formats are deliberately permissive: they catch what is clearly not an e-mail
 * or a phone number, not every address a mail server would refuse.
 */
public final class PatternCheck implements CheckType {
    /** The built-in formats and their regular expressions (RE2 syntax, as DuckDB runs them). */
    public static final Map<String, String> FORMATS = formats();

    private static Map<String, String> formats() {
        Map<String, String> formats = new LinkedHashMap<>();
        formats.put("email", "[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
        // digits with the usual separators, 7 to 15 digits (E.164), an optional leading +
        formats.put("phone", "\\+?[0-9]([ ().-]*[0-9]){6,14}");
        formats.put("url", "https?://[^\\s/?#]+\\.[^\\s/?#]+([/?#]\\S*)?");
        formats.put("iso_date", "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?");
        return Collections.unmodifiableMap(formats);
    }

    /** @param format the built-in format's name, or null for a regex of the user's */
    public record Rule(String column, String format, String regex) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            String c = Sql.ident(column);
            return List.of(new RowCondition("pattern(" + column + (format == null ? "" : ": " + format) + ")",
                    c + " IS NOT NULL AND NOT regexp_full_match(CAST(" + c + " AS VARCHAR), " + Sql.literal(regex) + ")", c));
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "pattern";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = CheckOptions.column(options);
        String format = options.has("format") ? options.oneOf("format", null, List.copyOf(FORMATS.keySet())) : null;
        String regex = options.string("regex", null);
        options.finish();
        if (options.has("format") && format == null) {
            return null; // not a known format: reported by oneOf
        }
        if (format == null && regex == null) {
            options.problem("format", "pattern needs a format (" + String.join(", ", FORMATS.keySet()) + ") or a regex",
                    "e.g. pattern: {column: customer_email, format: email} or pattern: {column: sku, regex: '[A-Z]{3}-\\d+'}");
            return null;
        }
        if (format != null && regex != null) {
            options.problem("regex", "pattern takes a format or a regex, not both", "keep one of them");
            return null;
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                options.problem("regex", "the regex is not valid: " + e.getDescription() + " near position " + e.getIndex(),
                        "the whole value must match; write it without ^ and $");
                return null;
            }
        }
        return column == null ? null : new Rule(column, format, format != null ? FORMATS.get(format) : regex);
    }
}
