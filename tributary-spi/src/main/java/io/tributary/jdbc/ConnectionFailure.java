package io.tributary.jdbc;

import io.tributary.config.Secrets;
import io.tributary.spi.ConnectionSpec;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * A connection could not be opened. The message reads like
 * {@code connection 'shop_db' (postgres://etl@db:5432/shop): authentication failed for user etl (check password: ...)}.
 */
public final class ConnectionFailure extends Exception {
    private final String reason;
    private final String hint;

    public ConnectionFailure(ConnectionSpec spec, String reason, String hint) {
        super(Secrets.redact((spec == null ? "" : "connection '" + spec.name() + "' (" + spec.describe() + "): ") + reason
                + (hint == null ? "" : " (" + hint + ")")));
        this.reason = Secrets.redact(reason);
        this.hint = hint;
    }

    public String reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }

    /** Turns a driver's exception into a reason a person understands, by SQLSTATE and cause. */
    static ConnectionFailure of(ConnectionSpec spec, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = spec.host() + ":" + spec.effectivePort();
        if (root instanceof UnknownHostException) {
            return new ConnectionFailure(spec, "unknown host " + spec.host(), "check host: in connection '" + spec.name() + "'");
        }
        if (root instanceof ConnectException || root instanceof java.net.SocketTimeoutException || state.startsWith("08")
                && !(code == 1044 || code == 1045 || code == 1049)) {
            return new ConnectionFailure(spec, "cannot reach " + where + ": " + firstLine(e),
                    "is the server running and reachable from here? check host: and port: in connection '" + spec.name() + "'");
        }
        if ("28P01".equals(state) || "28000".equals(state) || code == 1045) {
            String user = spec.effectiveUser();
            boolean inUrl = spec.user() == null && user != null;
            return new ConnectionFailure(spec, user == null ? "authentication failed: no user given" : "authentication failed for user " + user,
                    (inUrl ? "check the user and password in url:" : "check user: and password:") + " in connection '" + spec.name()
                            + "' (and the server's access rules)");
        }
        if ("42000".equals(state) && code == 1044) {
            return new ConnectionFailure(spec, "user " + spec.effectiveUser() + " may not use database " + spec.database() + " on " + where,
                    "grant the user access to it (GRANT SELECT ON " + spec.database() + ".* TO ...), or fix database: in connection '" + spec.name() + "'");
        }
        if ("3D000".equals(state) || code == 1049) {
            return new ConnectionFailure(spec, "database " + spec.database() + " does not exist on " + where,
                    "create it, or fix database: in connection '" + spec.name() + "'");
        }
        return new ConnectionFailure(spec, firstLine(e), null);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
