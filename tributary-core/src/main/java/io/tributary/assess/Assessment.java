package io.tributary.assess;

import java.util.List;

/**
 * What {@code tributary assess} found about one source.
 *
 * @param subject  what was assessed, as the user named it (pipeline orders, file data/x.csv, connection crm)
 * @param kind     database, api, file or another source type: it chooses the default impact
 * @param source   the source's own description (its connector's words)
 * @param access   whether it was reached; when not, {@code tables} is empty and {@code unreachable} scores it
 * @param tables   one per table found
 * @param unreachable the scores when the source was not reached (accessibility 0 with the reason), else null
 * @param warnings what the reader said about the rows (renamed columns, rejected rows)
 */
public record Assessment(String subject, String kind, String source, Access access, int impact, List<TableAssessment> tables,
                         Scores unreachable, List<String> warnings) {}
