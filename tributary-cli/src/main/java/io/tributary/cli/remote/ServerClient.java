package io.tributary.cli.remote;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.server.ServerFile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The running {@code tributary server} of a project, found by its {@code .tributary/server.json}: the
 * CLI goes through it while it owns the warehouse. A file is trusted only when its process lives and
 * the server answers {@code /healthz}; a file left by a killed server is ignored. Requests bear
 * {@code TRIBUTARY_API_TOKEN} when it is set.
 */
public final class ServerClient {
    /** A server of this machine answers its health check at once; one that does not is treated as gone. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An answer: its status and its JSON body. */
    public record Response(int status, JsonNode body) {
        /** The {@code error} the server gave, or the status when it gave none. */
        public String error() {
            return body.hasNonNull("error") ? body.get("error").asText() : "HTTP " + status;
        }

        public <T> T as(Class<T> type) {
            return JSON.convertValue(body, type);
        }

        public <T> T as(com.fasterxml.jackson.core.type.TypeReference<T> type) {
            return JSON.convertValue(body, type);
        }
    }

    private final String url;
    private final String token;
    private final HttpClient http;

    ServerClient(String url, String token) {
        this.url = url;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    }

    /** The server of the project in {@code projectDir}, when one runs and answers; empty otherwise. */
    public static Optional<ServerClient> find(Path projectDir) {
        return find(projectDir, System.getenv("TRIBUTARY_API_TOKEN"));
    }

    static Optional<ServerClient> find(Path projectDir, String token) {
        Optional<ServerFile> file = ServerFile.read(projectDir);
        if (file.isEmpty() || !ProcessHandle.of(file.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        ServerClient client = new ServerClient(file.get().url(), token == null || token.isBlank() ? null : token);
        return client.answers() ? Optional.of(client) : Optional.empty();
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(HEALTH_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url() {
        return url;
    }

    /** GET {@code path} with these query parameters (null values left out). */
    public Response get(String path, Map<String, ?> query) {
        return send(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    /** POST {@code body} as JSON (null: no body). */
    public Response post(String path, Map<String, ?> query, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            return send(HttpRequest.newBuilder(uri(path, query)).header("Content-Type", "application/json").POST(publisher));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path, Map.of())).DELETE());
    }

    private URI uri(String path, Map<String, ?> query) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return URI.create(url + path + parameters);
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() == 401) {
                throw new TributaryException(ExitCode.INVALID_INPUT, "the server at " + url + " refused the request (401): "
                        + "set TRIBUTARY_API_TOKEN to one of its tokens (tributary token create NAME on the server's machine)");
            }
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw TributaryException.failed("the server at " + url + " did not answer " + built.method() + " " + built.uri().getPath() + ": "
                    + e.getMessage() + "; is it still running? (tributary server's log says)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TributaryException.failed("interrupted while waiting for the server at " + url);
        }
    }
}
