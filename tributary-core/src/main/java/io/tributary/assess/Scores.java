package io.tributary.assess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The five scores of one table (docs/assess.md says how each is computed; the constants here are
 * the documented ones).
 */
public record Scores(Score completeness, Score accuracy, Score consistency, Score timeliness, Score accessibility) {
    /** Timeliness when the table has no date or timestamp column: neither good nor bad, unknown. */
    public static final int NEUTRAL_TIMELINESS = 50;
    /** Consistency points lost per column with mixed types. */
    static final int MIXED_PENALTY = 10;
    /** Consistency points lost per 1% of rows repeating a key, at most {@link #MAX_DUPLICATE_PENALTY}. */
    static final int DUPLICATE_PENALTY_PER_PERCENT = 5;
    static final int MAX_DUPLICATE_PENALTY = 50;

    public static Scores of(TableProfile table, Access access, Duration scheduleInterval) {
        return new Scores(completeness(table), accuracy(table), consistency(table), timeliness(table, scheduleInterval), accessibility(access));
    }

    /** 100 minus the % of cells missing (SQL NULL or a null-like string such as "NULL"): every cell weighs the same. */
    static Score completeness(TableProfile table) {
        long cells = table.profiledRows() * table.columns().size();
        if (cells == 0) {
            return Score.of(100, "no rows to judge");
        }
        long missing = table.columns().stream().mapToLong(ColumnProfile::missing).sum();
        double pct = 100.0 * missing / cells;
        if (missing == 0) {
            return Score.of(100, "no missing values");
        }
        ColumnProfile worst = table.columns().stream().max(Comparator.comparingLong(ColumnProfile::missing)).orElseThrow();
        return Score.of(100 - pct, pct(pct) + " of cells missing; most in " + worst.name() + " (" + pct(table.percent(worst.missing())) + " missing"
                + (worst.nullLike() > 0 ? ", " + worst.nullLike() + " as text such as \"NULL\"" : "") + ")");
    }

    /**
     * 100 minus the % of invalid values among the present ones: null-like strings, values of a text
     * column that looks like an e-mail/phone/ISO date column and do not match, words in a text column
     * that otherwise holds only numbers (90% or more), negative amounts, and rows the reader rejected.
     */
    static Score accuracy(TableProfile table) {
        long checked = table.rejected();
        long invalid = table.rejected();
        List<String> findings = new ArrayList<>();
        for (ColumnProfile c : table.columns()) {
            long present = table.profiledRows() - c.nulls();
            checked += present;
            long bad = c.nullLike() + c.negatives();
            if (c.format() != null) {
                long conforming = Math.round(c.conformance() / 100 * present);
                bad = Math.max(bad, present - conforming);
            } else if (c.isText() && c.numericValues() > 0 && c.numericValues() * 10 >= 9 * (c.numericValues() + c.textValues())) {
                bad += c.textValues();
            }
            invalid += bad;
            if (bad > 0) {
                findings.add(c.name() + " " + bad + (c.nullLike() > 0 ? " (\"NULL\"-like text)" : c.negatives() > 0 ? " (negative)"
                        : c.format() != null ? " (not " + c.format() + ")" : " (not a number)"));
            }
        }
        if (table.rejected() > 0) {
            findings.add(0, table.rejected() + (table.rejected() == 1 ? " row" : " rows") + " rejected by the reader");
        }
        if (checked == 0) {
            return Score.of(100, "no values to judge");
        }
        double pct = 100.0 * invalid / checked;
        return Score.of(100 - pct, invalid == 0 ? "no invalid values found" : pct(pct) + " of values invalid: " + String.join(", ", findings));
    }

    /** 100, minus 10 per column mixing numbers and words, minus 5 per 1% of rows repeating a key (at most 50). */
    static Score consistency(TableProfile table) {
        List<String> mixed = table.columns().stream().filter(ColumnProfile::mixedTypes).map(ColumnProfile::name).toList();
        double dupPct = table.percent(table.duplicateKeys());
        double penalty = MIXED_PENALTY * mixed.size() + Math.min(MAX_DUPLICATE_PENALTY, DUPLICATE_PENALTY_PER_PERCENT * dupPct);
        List<String> findings = new ArrayList<>();
        if (!mixed.isEmpty()) {
            findings.add("mixed numbers and text in " + String.join(", ", mixed));
        }
        if (table.duplicateKeys() > 0) {
            findings.add(table.duplicateKeys() + " duplicate " + table.key() + " values (" + pct(dupPct) + " of rows)");
        }
        return Score.of(100 - penalty, findings.isEmpty() ? "one type per column, " + (table.key() == null ? "no key" : table.key() + " unique")
                : String.join("; ", findings));
    }

    /**
     * 100 while the newest date/timestamp is at most two schedule intervals old (one missed run is
     * tolerated), then 100 × (2 intervals / age); {@value #NEUTRAL_TIMELINESS} without any date or timestamp.
     */
    static Score timeliness(TableProfile table, Duration interval) {
        var column = table.newestColumn();
        if (column.isEmpty()) {
            return Score.of(NEUTRAL_TIMELINESS, "no date or timestamp column: freshness unknown (neutral score)");
        }
        long age = column.get().ageSeconds();
        long allowed = 2 * interval.toSeconds();
        String says = "newest " + column.get().name() + " " + column.get().newest() + " is " + age(age) + " old";
        if (age <= allowed) {
            return Score.of(100, says + ", within two runs of the schedule (" + age(interval.toSeconds()) + ")");
        }
        return Score.of(100.0 * allowed / age, says + ", more than two runs of the schedule (" + age(interval.toSeconds()) + ")");
    }

    /** 0 when not reached; else 100 up to 1 s to the first read, 90 up to 5 s, 70 up to 30 s, 50 beyond. */
    static Score accessibility(Access access) {
        if (!access.reached()) {
            return Score.of(0, "not reached: " + access.error());
        }
        long ms = access.latencyMillis();
        int value = ms <= 1_000 ? 100 : ms <= 5_000 ? 90 : ms <= 30_000 ? 70 : 50;
        return Score.of(value, "reached, first read in " + ms + " ms" + ("ok".equals(access.auth()) ? ", credentials accepted" : ""));
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** {@code 3d 4h}, {@code 15m}, {@code 40s}: an age as people read it. */
    public static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        return hours > 0 ? hours + "h" + (rest > 0 ? " " + rest + "m" : "") : rest + "m";
    }
}
