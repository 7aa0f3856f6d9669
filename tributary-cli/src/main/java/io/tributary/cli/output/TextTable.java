package io.tributary.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as aligned columns; numbers (cells starting with a digit) align right. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean lastWhole;

    public TextTable(List<String> header) {
        this.header = header;
    }

    /** Prints the last column whole and left-aligned: a reason or a message, which a cut would make useless. */
    public TextTable lastColumnWhole() {
        lastWhole = true;
        return this;
    }

    public TextTable add(List<String> row) {
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], display(row.get(i)).length());
            }
        }
        line(out, header, widths, false, false);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            line(out, row, widths, true, lastWhole);
        }
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths, boolean alignNumbers, boolean lastWhole) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (lastWhole && i == cells.size() - 1) {
                line.append(i == 0 ? "" : "  ").append(cells.get(i) == null ? "NULL" : flat(cells.get(i)));
                break;
            }
            String cell = display(cells.get(i));
            boolean number = alignNumbers && !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-' && cell.length() > 1);
            String padded = number ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : "  ").append(i == cells.size() - 1 && !number ? cell : padded);
        }
        out.println(line);
    }

    private static String display(String cell) {
        if (cell == null) {
            return "NULL";
        }
        String flat = flat(cell);
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    private static String flat(String cell) {
        return cell.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
    }
}
