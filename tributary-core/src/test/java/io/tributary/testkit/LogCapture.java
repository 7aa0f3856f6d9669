package io.tributary.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;

/**
 * What a class logs while a test runs, DEBUG included: {@code try (LogCapture log = LogCapture.of(X.class)) {...}}.
 * Closing detaches it and puts the logger's level back.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private LogCapture(Class<?> type) {
        logger = (Logger) org.slf4j.LoggerFactory.getLogger(type);
        level = logger.getLevel();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
    }

    public static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    /** Every message so far, formatted, in order. */
    public List<String> messages() {
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The WARN messages so far, formatted, in order. */
    public List<String> warnings() {
        return events.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.setLevel(level);
        logger.detachAppender(events);
    }
}
