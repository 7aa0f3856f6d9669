package io.tributary.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Schema evolution, decided once for every destination: given a table's columns and a run's, the
 * columns to add and to widen, or the problems that forbid the change. The DuckDB warehouse and each
 * destination database render the changes in their own DDL; the decisions and the messages are
 * these, wherever the table lives. Nothing is changed here.
 */
public final class SchemaPlanner {

    /**
     * A change to one column.
     *
     * @param from        the column's type now, null for a column to add
     * @param to          its type after the change
     * @param decimalForm the run's values are DOUBLE and the column becomes DECIMAL: write each value as
     *                    its exact decimal form (the database's own double-to-decimal cast may round)
     */
    public record Change(String column, String from, String to, boolean decimalForm) {
        public boolean adds() {
            return from == null;
        }

        /** Whether the column's type changes (a DOUBLE written into a DECIMAL column that holds it needs no change). */
        public boolean altersType() {
            return from != null && !from.equals(to);
        }

        /** The run's warning for this change. */
        public String warning(String table) {
            return adds() ? "table " + table + ": added column " + column + " " + to + " (earlier rows have NULL)"
                    : "table " + table + ": widened column " + column + " from " + from + " to " + to;
        }
    }

    /** The changes, in the run's column order, or the problems (never both). */
    public record Plan(List<Change> changes, List<String> problems) {
        public boolean refused() {
            return !problems.isEmpty();
        }

        /** The changes that alter the table (adds and type changes). */
        public List<Change> alterations() {
            return changes.stream().filter(c -> c.adds() || c.altersType()).toList();
        }

        /** Whether {@code column}'s values must be written by their exact decimal form. */
        public boolean decimalForm(String column) {
            return changes.stream().anyMatch(c -> c.column().equals(column) && c.decimalForm());
        }
    }

    /** The smallest DECIMAL holding a DOUBLE column's values, measured only when a decision needs it. */
    @FunctionalInterface
    public interface Decimals {
        TypeWidening.IncomingDecimal of(String column);
    }

    private SchemaPlanner() {}

    /**
     * @param table     the table as users know it, for messages
     * @param existing  its columns and types now
     * @param incoming  the run's columns and types
     * @param canonical how the destination stores a type (identity for DuckDB), applied to widened types
     */
    public static Plan plan(String table, Map<String, String> existing, Map<String, String> incoming, SchemaPolicy policy,
                            Decimals decimals, UnaryOperator<String> canonical) throws SQLException {
        List<Change> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> column : incoming.entrySet()) {
            String name = column.getKey();
            String type = column.getValue();
            String current = existing.get(name);
            if (current == null) {
                if (policy.evolve()) {
                    changes.add(new Change(name, null, type, false));
                } else {
                    problems.add("the data has a new column " + name + " " + type + " that table " + table
                            + " does not have, and load.schema.evolve is false. Nothing was published. Add the column to the table, "
                            + "drop it in transform (drop: [" + name + "]), or set load.schema.evolve: true.");
                }
                continue;
            }
            String widened = TypeWidening.widen(current, type, policy, decimals.of(name));
            if (widened == null) {
                problems.add(TypeWidening.refusal(table, name, current, type));
                continue;
            }
            widened = canonical.apply(widened);
            boolean decimalForm = TypeWidening.needsDecimalForm(type, widened);
            if (!widened.equals(current) && !policy.evolve()) {
                problems.add("column " + name + " of table " + table + " would need to change from " + current
                        + " to " + widened + ", and load.schema.evolve is false. Nothing was published.");
                continue;
            }
            if (!widened.equals(current) || decimalForm) {
                changes.add(new Change(name, current, widened, decimalForm));
            }
        }
        return problems.isEmpty() ? new Plan(List.copyOf(changes), List.of()) : new Plan(List.of(), List.copyOf(problems));
    }
}
