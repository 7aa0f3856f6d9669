package io.tributary.spi;

import io.tributary.config.Secrets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials a {@code kind: jdbc} URL may carry itself, in the spellings drivers use: properties
 * ({@code ?user=etl&password=...}, {@code ;user=etl;password=...}), user info
 * ({@code //etl:secret@host}) and Oracle's {@code thin:etl/secret@host}. The password is masked
 * wherever the URL is shown; the user is named in messages such as "authentication failed for user etl".
 */
public final class JdbcUrl {
    private static final String SEPARATOR = "[?&;:]\\s*";
    private static final Pattern PASSWORD_PROPERTY = Pattern.compile("(?i)(" + SEPARATOR + "(?:password|passwd|pwd)\\s*=)([^&;]*)");
    private static final Pattern USER_PROPERTY = Pattern.compile("(?i)" + SEPARATOR + "(?:user|username|user_name|uid)\\s*=([^&;]*)");
    /** {@code //user:password@host}: user info before the host. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]+)(?::([^/@?;]*))?@");
    /** Oracle: {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i):thin:([^/@:]+)/([^@]*)@");

    private JdbcUrl() {}

    /** The URL with its password (if any) replaced by {@value Secrets#MASK}. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        String out = PASSWORD_PROPERTY.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + Secrets.MASK));
        out = replaceGroup(USER_INFO, out, 2);
        return replaceGroup(ORACLE, out, 2);
    }

    /** The user the URL names, or null. */
    public static String user(String url) {
        return firstOf(group(USER_PROPERTY, url, 1), group(USER_INFO, url, 1), group(ORACLE, url, 1));
    }

    /** The password the URL holds, or null. */
    public static String password(String url) {
        return firstOf(group(PASSWORD_PROPERTY, url, 2), group(USER_INFO, url, 2), group(ORACLE, url, 2));
    }

    private static String group(Pattern pattern, String url, int group) {
        if (url == null) {
            return null;
        }
        Matcher m = pattern.matcher(url);
        return m.find() && m.group(group) != null && !m.group(group).isBlank() ? m.group(group).strip() : null;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String replaceGroup(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(group) == null) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                String whole = m.group();
                int from = m.start(group) - m.start();
                int to = m.end(group) - m.start();
                m.appendReplacement(out, Matcher.quoteReplacement(whole.substring(0, from) + Secrets.MASK + whole.substring(to)));
            }
        }
        return m.appendTail(out).toString();
    }
}
