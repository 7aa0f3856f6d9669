package io.tributary.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The log formats: Logstash-style JSON lines with the run's fields, and secrets masked in text and JSON alike. */
class LogSetupTest {
    static final String SECRET = "hunter2-log-secret-7f3a";

    /** A logger context of the test's own, sharing SLF4J's MDC (the one {@link MDC} writes to). */
    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return context;
    }

    @Test
    void jsonLinesCarryLogstashFieldsTheRunsFieldsAndNoSecret() throws Exception {
        Secrets.remember(SECRET);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context();
        LogSetup.install(context, LogSetup.JSON, out);
        var log = context.getLogger("io.tributary.server.TributaryServer");
        try (var pipeline = MDC.putCloseable("pipeline", "orders"); var run = MDC.putCloseable("run_id", "42")) {
            log.info("connecting to postgres://app:{}@db/shop", SECRET);
        }
        log.error("the run failed", new IllegalStateException("password " + SECRET + " refused"));
        context.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        ObjectMapper json = new ObjectMapper();
        JsonNode info = json.readTree(lines.get(0));
        assertThat(info.fieldNames()).toIterable().contains("@timestamp", "@version", "message", "logger_name", "thread_name", "level", "level_value");
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("logger_name").asText()).isEqualTo("io.tributary.server.TributaryServer");
        assertThat(info.get("message").asText()).isEqualTo("connecting to postgres://app:" + Secrets.MASK + "@db/shop");
        assertThat(info.get("pipeline").asText()).isEqualTo("orders");
        assertThat(info.get("run_id").asText()).isEqualTo("42");
        JsonNode error = json.readTree(lines.get(1));
        assertThat(error.get("level").asText()).isEqualTo("ERROR");
        assertThat(error.has("pipeline")).isFalse();
        assertThat(error.get("stack_trace").asText()).contains("IllegalStateException: password " + Secrets.MASK + " refused");
    }

    @Test
    void textIsTheDefaultAndIsMaskedToo() {
        Secrets.remember(SECRET);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context();
        LogSetup.install(context, LogSetup.TEXT, out);
        context.getLogger("io.tributary.app.RunService").warn("token {} expired", SECRET);
        LogSetup.install(context, LogSetup.JSON, out);
        context.getLogger("io.tributary.app.RunService").warn("now as JSON");
        context.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  i\\.t\\.app\\.RunService - token \\*{4} expired");
        assertThat(lines.get(1)).startsWith("{").contains("\"message\":\"now as JSON\"");
        assertThat(LogSetup.isFormat("JSON")).isTrue();
        assertThat(LogSetup.isFormat("xml")).isFalse();
    }
}
