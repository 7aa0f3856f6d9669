package io.tributary.assess;

import java.util.List;
import java.util.Optional;

/**
 * What one table of a source holds, measured on its staged rows.
 *
 * @param rows            rows staged (all of them, also when the profile used a sample)
 * @param profiledRows    rows the column figures are computed on: {@code rows}, or the sample's size
 * @param rejected        rows the source's reader could not read (written to the scratch rejects, with a reason)
 * @param key             the column tested for duplicates
 * @param duplicateKeys   profiled rows whose key value an earlier row already had (non-NULL keys - distinct keys)
 * @param updateColumn    the column the change frequency is measured on (updated_at, modified...), or null
 * @param medianChangeSeconds median interval between distinct update times; null when unknown
 * @param changesPerDay   distinct update times per day over their span; null when unknown
 */
public record TableProfile(String table, long rows, long profiledRows, long rejected, List<ColumnProfile> columns, String key,
                           long duplicateKeys, String updateColumn, Long medianChangeSeconds, Double changesPerDay) {

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The column timeliness is judged on: the update column, else the date/timestamp column with the newest value. */
    public Optional<ColumnProfile> newestColumn() {
        if (updateColumn != null) {
            Optional<ColumnProfile> update = column(updateColumn);
            if (update.isPresent() && update.get().ageSeconds() != null) {
                return update;
            }
        }
        return columns.stream().filter(c -> c.ageSeconds() != null).min(java.util.Comparator.comparingLong(ColumnProfile::ageSeconds));
    }

    /** Percent of the profiled rows, 0–100. */
    public double percent(long count) {
        return profiledRows == 0 ? 0 : 100.0 * count / profiledRows;
    }
}
