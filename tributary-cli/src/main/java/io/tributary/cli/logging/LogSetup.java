package io.tributary.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.tributary.error.TributaryException;
import java.io.OutputStream;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;

/**
 * Configures logging in code: logs go to stderr (stdout stays clean for query output), at the level
 * of TRIBUTARY_LOG_LEVEL (default WARN), as text or, with TRIBUTARY_LOG_FORMAT=json (or {@code tributary
 * server --log-format json}), as one JSON object per line with Logstash's field names ({@code @timestamp},
 * {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace}, and the
 * run's {@code pipeline} and {@code run_id}), which log shippers read without a parsing rule. Secrets are
 * masked in both. Done in code rather than logback.xml because parsing the XML costs a tenth of a second
 * at every start.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String APPENDER = "tributary";
    public static final String TEXT = "text";
    public static final String JSON = "json";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getenv("TRIBUTARY_LOG_FORMAT");
        boolean known = format == null || isFormat(format);
        install(context, known && format != null ? format : TEXT, null);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("TRIBUTARY_LOG_LEVEL"), Level.WARN));
        if (!known) {
            root.warn("TRIBUTARY_LOG_FORMAT={} is not a log format; logging as text (use text or json)", format);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Logs as {@code format} from now on: for {@code tributary server --log-format}. */
    public static void useFormat(String format) {
        if (!isFormat(format)) {
            throw TributaryException.invalid("--log-format must be text or json, not '" + format + "'");
        }
        install((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory(), format, null);
    }

    static boolean isFormat(String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        return lower.equals(TEXT) || lower.equals(JSON);
    }

    /** (Re)places the root logger's appender with one writing {@code format} to {@code stream} (null: stderr). */
    static void install(LoggerContext context, String format, OutputStream stream) {
        Encoder<ILoggingEvent> encoder = new RedactingEncoder(format.equalsIgnoreCase(JSON) ? json(context) : text(context));
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (stream == null) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        } else {
            appender = new OutputStreamAppender<>();
            appender.setOutputStream(stream);
        }
        appender.setName(APPENDER);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var previous = root.getAppender(APPENDER);
        root.addAppender(appender);
        if (previous != null) {
            root.detachAppender(previous);
        }
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
