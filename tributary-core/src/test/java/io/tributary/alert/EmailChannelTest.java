package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tributary.error.InvalidProjectException;
import io.tributary.project.AlertChannel;
import io.tributary.testkit.TestProject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail over SMTP, received by GreenMail on an ephemeral port with a login. GreenMail speaks no
 * STARTTLS, so the mail itself goes with {@code security: none}, and the default ({@code starttls},
 * required) is shown to refuse sending rather than fall back to the clear.
 */
class EmailChannelTest {
    private static final String PASSWORD = "Sm7p-pass-word";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private AlertChannel channel(String security, String password) {
        int port = SMTP.getSmtp().getPort();
        return Channels.load(TestProject.in(dir), """
                  ops_mail:
                    type: email
                    to: [ops@example.com, owner@example.com]
                    smtp:
                      host: 127.0.0.1
                      port: %d
                      security: %s
                      username: alerts
                      password: "${env:SMTP_PASSWORD}"
                      from: alerts@example.com
                """.formatted(port, security), Map.of("SMTP_PASSWORD", password)).channels().get("ops_mail");
    }

    @Test
    void theMailArrivesWithTheSubjectAndBothPlainTextAndHtml() throws Exception {
        AlertChannel channel = channel("none", PASSWORD);

        Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

        assertThat(delivery).isEqualTo(Delivery.ok(1));
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2); // one per recipient mailbox
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] orders: run 42 failed");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@example.com");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@example.com", "owner@example.com");
        assertThat(mail.getHeader("X-Tributary-Dedup-Key")[0]).isEqualTo("tributary/orders/failure");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat((String) text.getContent()).contains("Pipeline: orders").contains("Run:      #42")
                .contains("line 7 has 5 fields, expected 4 <bad & wrong>").contains("https://tributary.example.com/runs/42");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) html.getContent()).contains("<h2").contains("orders: run 42 failed")
                .contains("expected 4 &lt;bad &amp; wrong&gt;").contains("<a href=\"https://tributary.example.com/runs/42\">");
    }

    @Test
    void aWrongPasswordFailsAtOnceNamingTheServerAndUserButNotThePassword() {
        AlertChannel channel = channel("none", "not-the-password");

        Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.reason()).startsWith("smtp 127.0.0.1:" + SMTP.getSmtp().getPort() + " refused the login of alerts")
                .endsWith("(check smtp: username and password)").doesNotContain("not-the-password");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNoMailAndNoPassword() {
        AlertChannel channel = channel("starttls", PASSWORD);

        Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.reason()).contains("STARTTLS").contains("see smtp: security");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerNobodyListensOnIsTriedThreeTimes() {
        int port = io.tributary.testkit.HttpReceiver.deadPort();
        AlertChannel channel = Channels.one(TestProject.in(dir),
                "  m: {type: email, to: ops@example.com, from: a@example.com, smtp: {host: 127.0.0.1, port: " + port + ", security: none}}\n");

        Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.reason()).startsWith("cannot reach smtp 127.0.0.1:" + port);
    }

    @Test
    void theSmtpSettingsAreCheckedWhenTheProjectLoads() {
        TestProject project = TestProject.in(dir);
        assertThatThrownBy(() -> Channels.load(project, """
                  a: {type: email, to: ops@example.com}
                  b: {type: email, to: not-an-address, from: x@example.com, smtp: {host: mail, security: tls, username: u}}
                """, Map.of()))
                .isInstanceOf(InvalidProjectException.class)
                .hasMessageContaining("alerts.a.smtp").hasMessageContaining("the key 'smtp' is required")
                .hasMessageContaining("'not-an-address' is not an e-mail address")
                .hasMessageContaining("alerts.b.smtp.security")
                .hasMessageContaining("username and password go together");
    }

    @Test
    void portsDefaultBySecurity() {
        assertThat(smtp("starttls").port()).isEqualTo(587);
        assertThat(smtp("ssl").port()).isEqualTo(465);
        assertThat(smtp("none").port()).isEqualTo(25);
    }

    private EmailChannel.Smtp smtp(String security) {
        AlertChannel channel = Channels.one(TestProject.in(dir),
                "  m: {type: email, to: ops@example.com, from: a@example.com, smtp: {host: mail.example.com, security: " + security + "}}\n");
        return ((EmailChannel.Settings) channel.settings()).smtp();
    }
}
