package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import io.tributary.spi.AlertChannelSettings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;

/**
 * {@code type: email}: recipients {@code to} (one or a list), the sender {@code from} (here or in
 * {@code smtp:}) and the {@code smtp:} server: host, port, username, password, security.
 */
public final class EmailChannel implements SendingChannelType {

    public record Settings(List<String> to, String from, Smtp smtp) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "email to " + String.join(", ", to) + " via " + smtp.host() + ":" + smtp.port();
        }
    }

    /** How the connection is protected: STARTTLS on a plain port (587), TLS from the start (465), or none (25, local relays only). */
    public enum Security {
        STARTTLS(587), SSL(465), NONE(25);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /** @param username null when the server takes mail without a login; then password is null too */
    public record Smtp(String host, int port, String username, String password, Security security) {}

    @Override
    public String type() {
        return "email";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        List<String> to = config.stringOrList("to");
        if (to.isEmpty()) {
            config.requiredString("to", "who receives alerts, e.g. to: [ops@example.com]");
        }
        String from = config.string("from", null);
        ConfigReader server = config.map("smtp");
        Smtp smtp = null;
        if (server == null) {
            if (!config.has("smtp")) {
                config.requiredString("smtp", "the mail server, e.g. smtp: {host: smtp.example.com, port: 587, username: alerts@example.com, "
                        + "password: \"${env:SMTP_PASSWORD}\"}");
            }
        } else {
            String smtpFrom = server.string("from", null);
            if (from == null) {
                from = smtpFrom;
            } else if (smtpFrom != null && !smtpFrom.equals(from)) {
                server.problem("from", "the sender is given twice, differently (here and as the channel's from:)", "keep one of them");
            }
            smtp = readSmtp(server);
        }
        if (from == null && smtp != null) {
            config.requiredString("from", "the sender's address, e.g. from: tributary@example.com");
        }
        boolean usable = smtp != null && from != null && !to.isEmpty();
        for (String address : to) {
            usable &= address(config, "to", address);
        }
        if (from != null) {
            usable &= address(config, config.has("from") ? "from" : "smtp", from);
        }
        config.finish();
        return usable ? new Settings(List.copyOf(to), from, smtp) : null;
    }

    private static Smtp readSmtp(ConfigReader server) {
        String host = server.requiredString("host", "the mail server's name, e.g. host: smtp.example.com");
        String securityWord = server.oneOf("security", "starttls", List.of("starttls", "ssl", "none"));
        Security security = Security.valueOf(securityWord.toUpperCase(java.util.Locale.ROOT));
        Long port = server.integer("port", (long) security.defaultPort, 1, 65535);
        String username = server.string("username", null);
        String password = server.string("password", null);
        server.finish();
        if (password != null) {
            Secrets.remember(password);
        }
        if ((username == null) != (password == null)) {
            server.problem(username == null ? "password" : "username", "username and password go together",
                    "give both (the server's login) or neither (a relay that needs none)");
            return null;
        }
        return host == null ? null : new Smtp(host, port.intValue(), username, password, security);
    }

    private static boolean address(ConfigReader config, String key, String address) {
        if (Secrets.containsReference(address)) {
            return false;
        }
        try {
            new InternetAddress(address, true);
            return true;
        } catch (AddressException e) {
            config.problem(key, "'" + address + "' is not an e-mail address", "write it like ops@example.com");
            return false;
        }
    }

    @Override
    public AlertSender sender(AlertChannelSettings settings, DeliveryContext context) {
        return new EmailSender((Settings) settings, context);
    }
}
