package io.tributary.server.alerting;

import io.tributary.server.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tributary.alert.AlertDispatcher;
import io.tributary.alert.AlertSenders;
import io.tributary.alert.DeliveryContext;
import io.tributary.alert.RetryPolicy;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.metadata.AlertChannelState;
import io.tributary.project.ProjectSpec;
import io.tributary.spi.AlertChannelTypes;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules on a real project and real receivers: HTTP receivers standing in for Slack, a
 * Standard Webhooks endpoint (its signature checked here with javax.crypto) and PagerDuty, GreenMail
 * as the SMTP server, and a channel on a closed port. The clock is the test's; the tick's work runs
 * on the test's thread.
 */
class AlertEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "a key of thirty-two bytes, ok?!!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;
    TestProject project;
    HttpReceiver slack;
    HttpReceiver hook;
    HttpReceiver pager;
    final MovableClock clock = new MovableClock(Instant.now());
    final Map<String, Integer> counted = new ConcurrentHashMap<>();
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void receivers() {
        slack = HttpReceiver.start();
        hook = HttpReceiver.start();
        pager = HttpReceiver.start().always(new HttpReceiver.Answer(202, "{\"status\":\"success\"}", null));
        project = TestProject.in(dir);
        project.file("data/good.csv", "id,total\n1,10\n2,20\n");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        slack.close();
        hook.close();
        pager.close();
    }

    private void channels(String alerting) {
        project.file("tributary.yml", "name: shop\nalerts:\n"
                + "  slack: {type: slack, url: \"" + slack.url("/slack") + "\"}\n"
                + "  hook: {type: webhook, url: \"" + hook.url("/hook") + "\", secret: \"" + SECRET + "\"}\n"
                + "  pager: {type: pagerduty, routing_key: rk-123, url: \"" + pager.url("/v2/enqueue") + "\"}\n"
                + "  mail: {type: email, to: ops@example.com, from: tributary@example.com, smtp: {host: 127.0.0.1, port: "
                + SMTP.getSmtp().getPort() + ", security: none}}\n"
                + "  dead: {type: webhook, url: \"http://127.0.0.1:" + HttpReceiver.deadPort() + "/gone\"}\n"
                + alerting);
    }

    private RunService service;

    private RunService service() {
        if (service == null) {
            service = RunService.open(project.load());
            open.add(service);
        }
        return service;
    }

    /** A new engine on the same store: what a restarted server builds. */
    private AlertEngine engine() {
        ProjectSpec spec = service().project();
        RetryPolicy fast = RetryPolicy.DEFAULT.withAttempts(2).withDelays(Duration.ofMillis(5), Duration.ofMillis(10));
        AlertDispatcher dispatcher = new AlertDispatcher(new AlertSenders(AlertChannelTypes.load(), DeliveryContext.withRetry(fast).withClock(clock)));
        return new AlertEngine(spec, dispatcher, service().store(), clock, Runnable::run, (channel, ok) -> counted.merge(channel + ":" + ok, 1, Integer::sum));
    }

    private RunResult run(AlertEngine engine, String pipeline) {
        RunResult result = service().run(service().project().pipeline(pipeline).orElseThrow(), RunRequest.NOW, RunListener.NONE);
        engine.finished(result);
        return result;
    }

    private static JsonNode json(HttpReceiver.Request request) throws Exception {
        return JSON.readTree(request.body());
    }

    @Test
    void twentyFailingPipelinesMakeOneMessagePerChannelPagerDutyOneEventEachAndADeadChannelStopsNothing() throws Exception {
        channels("alerting: {group: 2m}\n");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String name = "p" + String.format("%02d", i);
            names.add(name);
            project.pipeline(name, "source: {type: file, path: data/" + name + ".csv}\nload: {table: " + name + "}\n"
                    + "alerts: [slack, hook, pager, mail, dead]\n");
        }
        AlertEngine engine = engine();
        for (String name : names) {
            assertThat(run(engine, name).succeeded()).isFalse(); // its file is missing: the "database" is down
        }
        assertThat(slack.requests()).as("held in the group window").isEmpty();
        assertThat(pager.requests()).as("PagerDuty: one trigger per pipeline, each with its own dedup key").hasSize(20);
        assertThat(json(pager.requests().get(0)).get("event_action").asText()).isEqualTo("trigger");
        assertThat(pager.requests().stream().map(r -> r.body()).distinct()).hasSize(20);

        clock.advance(Duration.ofMinutes(1));
        engine.tick();
        assertThat(slack.requests()).as("the window is still open").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        engine.tick();

        assertThat(slack.requests()).hasSize(1);
        String text = json(slack.requests().get(0)).get("text").asText();
        assertThat(text).startsWith("20 pipelines failed: p01, p02, p03").endsWith("and 10 more");
        assertThat(hook.requests()).hasSize(1);
        HttpReceiver.Request signed = hook.requests().get(0);
        assertThat(verify(signed)).as("the Standard Webhooks signature checks out").isTrue();
        JsonNode data = json(signed).get("data");
        assertThat(data.get("summary").asText()).startsWith("20 pipelines failed");
        assertThat(data.get("detail").asText()).contains("Pipeline p20 failed");
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).contains("20 pipelines failed");

        AlertChannelState dead = service().store().alertChannels().stream().filter(c -> c.channel().equals("dead")).findFirst().orElseThrow();
        assertThat(dead.failing()).isTrue();
        assertThat(dead.lastFailure()).contains("127.0.0.1");
        assertThat(counted).containsEntry("dead:false", 1).containsEntry("slack:true", 1).containsEntry("pager:true", 20);

        // the outage ends: PagerDuty resolves each incident by its key, the others hear it once
        project.file("data/p01.csv", "id\n1\n");
        for (String name : names) {
            project.file("data/" + name + ".csv", "id\n1\n");
            assertThat(run(engine, name).succeeded()).isTrue();
        }
        List<HttpReceiver.Request> events = pager.requests();
        assertThat(events).hasSize(40);
        JsonNode firstTrigger = json(events.get(0));
        JsonNode resolve = events.subList(20, 40).stream().map(r -> {
            try {
                return json(r);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(e -> e.get("dedup_key").equals(firstTrigger.get("dedup_key"))).findFirst().orElseThrow();
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        clock.advance(Duration.ofMinutes(2));
        engine.tick();
        assertThat(slack.requests()).hasSize(2);
        assertThat(json(slack.requests().get(1)).get("text").asText()).startsWith("20 pipelines recovered");
        assertThat(engine.incidents()).isEmpty();
    }

    @Test
    void anIncidentAlertsOnceAcrossRestartsAndRemindsOnTimeUntilItRecovers() throws Exception {
        channels("alerting: {group: 0s}\n");
        project.pipeline("payments", "source: {type: file, path: data/payments.csv}\nload: {table: payments}\n"
                + "alerts: {channels: [hook], on: [failure], remind: 1h}\n");
        AlertEngine first = engine();
        run(first, "payments");
        run(first, "payments");
        assertThat(hook.requests()).as("one alert per incident").hasSize(1);
        assertThat(json(hook.requests().get(0)).get("type").asText()).isEqualTo("pipeline.failed");

        AlertEngine restarted = engine();
        run(restarted, "payments");
        restarted.tick();
        assertThat(hook.requests()).as("the incident was read back: no repeated alert").hasSize(1);

        clock.advance(Duration.ofMinutes(59));
        restarted.tick();
        assertThat(hook.requests()).as("not yet an hour").hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        restarted.tick();
        assertThat(hook.requests()).hasSize(2);
        assertThat(json(hook.requests().get(1)).get("data").get("summary").asText()).startsWith("Reminder: Pipeline payments failed");

        AlertEngine again = engine();
        again.tick();
        assertThat(hook.requests()).as("after another restart the reminder is not repeated").hasSize(2);
        clock.advance(Duration.ofHours(1));
        again.tick();
        assertThat(hook.requests()).as("and the next comes an hour after the last").hasSize(3);

        project.file("data/payments.csv", "id\n1\n");
        run(again, "payments");
        assertThat(hook.requests()).hasSize(4);
        assertThat(json(hook.requests().get(3)).get("type").asText()).isEqualTo("pipeline.recovered");
        assertThat(service().store().openIncidents()).isEmpty();
    }

    @Test
    void aWarnLevelCheckAlertsItsRuleAndAPassingRunResolvesIt() throws Exception {
        channels("alerting: {group: 0s}\n");
        project.file("data/orders.csv", "id,status\n1,paid\n2,lost\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\n"
                + "checks:\n  - accepted_values: {column: status, values: [paid]}\n    severity: warn\n"
                + "alerts:\n  - {channel: hook, on: [check_warn]}\n  - slack\n");
        AlertEngine engine = engine();
        assertThat(run(engine, "orders").succeeded()).isTrue();
        assertThat(hook.requests()).hasSize(1);
        JsonNode alert = json(hook.requests().get(0));
        assertThat(alert.get("type").asText()).isEqualTo("check.warned");
        assertThat(alert.get("data").get("summary").asText()).isEqualTo("Pipeline orders: 1 warn-level check failed in run 1");
        assertThat(alert.get("data").get("detail").asText()).contains("accepted_values");
        assertThat(slack.requests()).as("slack's rule is on failure only").isEmpty();

        project.file("data/orders.csv", "id,status\n3,lost\n");
        run(engine, "orders");
        assertThat(hook.requests()).as("still warning: the same incident").hasSize(1);
        run(engine, "orders");
        assertThat(hook.requests()).as("a run that found nothing new ran no checks: no recovery").hasSize(1);
        project.file("data/orders.csv", "id,status\n4,paid\n");
        run(engine, "orders");
        assertThat(hook.requests()).hasSize(2);
        assertThat(json(hook.requests().get(1)).get("type").asText()).isEqualTo("pipeline.recovered");
    }

    @Test
    void staleDataAlertsOnTheTickAndFreshDataResolvesIt() throws Exception {
        channels("alerting: {group: 0s, on: [stale]}\n");
        project.pipeline("hourly", "schedule: \"0 * * * *\"\nsource: {type: file, path: data/good.csv}\nload: {table: hourly}\n"
                + "alerts: [hook]\n");
        AlertEngine engine = engine();
        run(engine, "hourly");
        engine.tick();
        assertThat(hook.requests()).as("fresh").isEmpty();
        clock.advance(Duration.ofMinutes(90));
        engine.tick();
        assertThat(hook.requests()).hasSize(1);
        JsonNode alert = json(hook.requests().get(0));
        assertThat(alert.get("type").asText()).isEqualTo("pipeline.stale");
        assertThat(alert.get("data").get("summary").asText()).startsWith("Pipeline hourly is stale: its data is ")
                .endsWith(" min old, its schedule every 60 min");
        clock.advance(Duration.ofMinutes(30));
        engine.tick();
        assertThat(hook.requests()).as("still the same incident").hasSize(1);

        clock.set(Instant.now());
        run(engine, "hourly");
        assertThat(hook.requests()).hasSize(2);
        assertThat(json(hook.requests().get(1)).get("type").asText()).isEqualTo("pipeline.recovered");
    }

    @Test
    void aPipelinesStaleAfterAgeAlertsEvenWithoutASchedule() throws Exception {
        channels("alerting: {group: 0s, on: [stale]}\n");
        project.pipeline("by_hand", "source: {type: file, path: data/good.csv}\nload: {table: by_hand}\nalerts: [hook]\n"
                + "health: {stale_after: 2h, critical_stale_after: off}\n");
        AlertEngine engine = engine();
        run(engine, "by_hand");
        clock.advance(Duration.ofMinutes(110));
        engine.tick();
        assertThat(hook.requests()).as("not older than 2h yet").isEmpty();
        clock.advance(Duration.ofMinutes(20));
        engine.tick();
        assertThat(hook.requests()).hasSize(1);
        assertThat(json(hook.requests().get(0)).get("data").get("summary").asText()).startsWith("Pipeline by_hand is stale: its data is ")
                .endsWith(" old, more than 2 h");
    }

    @Test
    void aHealthRuleTellsEachChangeBetweenDegradedAndCritical() throws Exception {
        channels("alerting: {group: 0s}\n");
        project.pipeline("flaky", "source: {type: file, path: data/flaky.csv}\nload: {table: flaky}\n"
                + "alerts: [{channel: hook, on: [health]}]\n");
        AlertEngine engine = engine();
        run(engine, "flaky");
        assertThat(hook.requests()).hasSize(1);
        assertThat(json(hook.requests().get(0)).get("data").get("summary").asText()).startsWith("Pipeline flaky is degraded");
        run(engine, "flaky");
        assertThat(hook.requests()).as("still degraded").hasSize(1);
        run(engine, "flaky");
        assertThat(hook.requests()).hasSize(2);
        JsonNode critical = json(hook.requests().get(1));
        assertThat(critical.get("type").asText()).isEqualTo("pipeline.health_changed");
        assertThat(critical.get("data").get("severity").asText()).isEqualTo("critical");
        assertThat(critical.get("data").get("summary").asText()).contains("is critical").endsWith("(it was degraded)");
    }

    @Test
    void aMetadataStoreThatFailsMidwayNeverTurnsAFinishedRunIntoAnError() {
        channels("alerting: {group: 0s}\n");
        project.pipeline("payments", "source: {type: file, path: data/payments.csv}\nload: {table: payments}\nalerts: [hook]\n");
        io.tributary.metadata.MetadataStore real = service().store();
        io.tributary.metadata.MetadataStore failing = (io.tributary.metadata.MetadataStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.tributary.metadata.MetadataStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("openIncident")) {
                        throw new io.tributary.error.TributaryException(io.tributary.error.ErrorKind.INTERNAL, "the store is gone");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AlertEngine engine = new AlertEngine(service().project(), new AlertDispatcher(AlertSenders.standard()), failing, clock, Runnable::run,
                (channel, ok) -> { });
        RunResult result = service().run(service().project().pipeline("payments").orElseThrow(), RunRequest.NOW, RunListener.NONE);
        org.assertj.core.api.Assertions.assertThatCode(() -> engine.finished(result)).doesNotThrowAnyException();
        assertThat(hook.requests()).as("nothing told: the incident could not be kept").isEmpty();
    }

    /** A receiver's Standard Webhooks check, written here from the spec: HMAC-SHA256 of "id.timestamp.body", compared in constant time. */
    private static boolean verify(HttpReceiver.Request request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        byte[] expected = Base64.getEncoder().encode(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        for (String signature : request.header("webhook-signature").split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts[0].equals("v1") && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }
}
