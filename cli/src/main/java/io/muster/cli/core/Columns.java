package io.muster.cli.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns as Consul prints them (ryanuber/columnize): cells padded to the widest cell of their column,
 * two spaces between columns, the last column unpadded.
 */
public final class Columns {
    private final List<String[]> rows = new ArrayList<>();

    public Columns row(String... cells) {
        rows.add(cells);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** columnize's layout: two spaces between columns. */
    public String format() {
        return format(2);
    }

    /** Go's tabwriter.NewWriter(w, 0, 2, gap, ' ', 0) layout, which some Consul commands use (gap 6). */
    public String format(int gap) {
        int columns = 0;
        for (String[] row : rows) {
            columns = Math.max(columns, row.length);
        }
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].strip().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].strip();
                sb.append(cell);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(widths[i] - cell.length() + gap));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
