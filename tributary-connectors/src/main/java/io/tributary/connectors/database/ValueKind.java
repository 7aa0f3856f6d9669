package io.tributary.connectors.database;

/** How a column's values travel from the source into DuckDB: which getter, which Appender call, which CSV conversion. */
enum ValueKind {
    BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL,
    /** A whole number beyond BIGINT (MySQL BIGINT UNSIGNED), kept as DECIMAL(20,0). */
    BIG_INTEGER,
    TEXT, JSON, UUID, BLOB,
    /** A bit string (PostgreSQL bit/varbit, MySQL BIT(n > 1)) as its 0/1 digits. */
    BITS,
    /** MySQL YEAR as a number. */
    YEAR,
    DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ,
    /** A one-dimensional array of an element kind. */
    LIST;

    /** Kinds a cursor may have: they only grow when rows are added or changed, and compare exactly. */
    boolean isCursor() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMPTZ || isWholeNumber();
    }

    boolean isWholeNumber() {
        return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT || this == BIG_INTEGER || this == YEAR;
    }
}
