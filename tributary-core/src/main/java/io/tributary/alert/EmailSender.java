package io.tributary.alert;

import io.tributary.config.Secrets;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends an alert over SMTP with Angus Mail: one message, plain text and HTML as alternatives.
 * A server that cannot be reached or answers 4xx is tried again; a refused login or address is not.
 */
final class EmailSender implements AlertSender {
    private final EmailChannel.Settings settings;
    private final DeliveryContext context;
    private final String where;

    EmailSender(EmailChannel.Settings settings, DeliveryContext context) {
        this.settings = settings;
        this.context = context;
        this.where = "smtp " + settings.smtp().host() + ":" + settings.smtp().port();
    }

    @Override
    public Delivery send(Alert alert) {
        Session session = Session.getInstance(properties());
        MimeMessage message;
        try {
            message = message(session, alert);
        } catch (MessagingException e) {
            return Delivery.failed("cannot write the e-mail: " + Secrets.redact(String.valueOf(e.getMessage())), 0);
        }
        return Retrying.run(context.retry(), () -> attempt(message));
    }

    private Retrying.Outcome attempt(MimeMessage message) {
        EmailChannel.Smtp smtp = settings.smtp();
        try {
            if (smtp.username() == null) {
                Transport.send(message);
            } else {
                Transport.send(message, smtp.username(), smtp.password());
            }
            return new Retrying.Outcome.Delivered();
        } catch (AuthenticationFailedException e) {
            return new Retrying.Outcome.Fail(where + " refused the login of " + smtp.username() + detail(e)
                    + " (check smtp: username and password)");
        } catch (MailConnectException e) {
            return new Retrying.Outcome.Retry("cannot reach " + where + ": " + cause(e), null);
        } catch (SMTPSendFailedException e) {
            String answer = where + " answered " + e.getReturnCode() + detail(e);
            return e.getReturnCode() >= 400 && e.getReturnCode() < 500 ? new Retrying.Outcome.Retry(answer, null)
                    : new Retrying.Outcome.Fail(answer);
        } catch (SendFailedException e) {
            return new Retrying.Outcome.Fail(where + " refused the message" + detail(e) + " (check to: and from:)");
        } catch (MessagingException e) {
            if (e.getCause() instanceof IOException) {
                return new Retrying.Outcome.Retry("lost the connection to " + where + ": " + cause(e), null);
            }
            return new Retrying.Outcome.Fail(where + ": " + Secrets.redact(String.valueOf(e.getMessage()))
                    + (settings.smtp().security() == EmailChannel.Security.STARTTLS ? " (does the server offer STARTTLS? see smtp: security)" : ""));
        }
    }

    private MimeMessage message(Session session, Alert alert) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        for (String to : settings.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(EmailMessage.subject(alert), "UTF-8");
        message.setSentDate(Date.from(alert.timestamp()));
        // lets mail filters and threading group repeats of one trouble
        message.setHeader("X-Tributary-Dedup-Key", alert.dedupKey());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(EmailMessage.text(alert), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(EmailMessage.html(alert), "text/html; charset=UTF-8");
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text); // simplest first, as RFC 2046 asks
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        message.saveChanges();
        return message;
    }

    private Properties properties() {
        EmailChannel.Smtp smtp = settings.smtp();
        String millis = Long.toString(context.requestTimeout().toMillis());
        String protocol = smtp.security() == EmailChannel.Security.SSL ? "smtps" : "smtp";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", smtp.host());
        properties.put("mail." + protocol + ".port", Integer.toString(smtp.port()));
        properties.put("mail." + protocol + ".connectiontimeout", millis);
        properties.put("mail." + protocol + ".timeout", millis);
        properties.put("mail." + protocol + ".writetimeout", millis);
        properties.put("mail." + protocol + ".auth", Boolean.toString(smtp.username() != null));
        if (smtp.security() == EmailChannel.Security.STARTTLS) {
            // required, not merely enabled: a password must never cross in the clear because a server stopped offering TLS
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.security() != EmailChannel.Security.NONE) {
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return properties;
    }

    private static String detail(MessagingException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "" : ": " + Secrets.redact(message.strip().replaceAll("\\s+", " "));
    }

    private static String cause(MessagingException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : Secrets.redact(message);
    }
}
