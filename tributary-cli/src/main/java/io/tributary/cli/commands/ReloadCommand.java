package io.tributary.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Tell the running tributary server to read the project again (it also watches the files itself): edited, added "
                + "and removed pipeline files and tributary.yml are taken without a restart. A pipeline whose file no longer validates "
                + "keeps running on its last good definition and shows as invalid until it is fixed.",
        footer = {"", "Examples:", "  tributary reload", "  tributary reload --url http://10.0.0.5:8080", "",
                "The server: --url, else the \"url\" of .tributary/server.json in the project (written by a running server), else "
                        + "http://127.0.0.1:8080. TRIBUTARY_API_TOKEN is sent as Authorization: Bearer when set.",
                "Exit codes: 0 reloaded; 2 something is invalid (each problem printed) or the server refused the token; 1 no server answers."})
public final class ReloadCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Io io;

    @Mixin
    ProjectOption project;

    @Option(names = "--url", paramLabel = "URL", description = "The server's address (default: .tributary/server.json's url, else http://127.0.0.1:8080).")
    String url;

    public ReloadCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        String base = url != null ? url : serverUrl(project.dir());
        URI endpoint;
        try {
            endpoint = URI.create(base.replaceAll("/+$", "") + "/api/reload");
        } catch (IllegalArgumentException e) {
            throw TributaryException.invalid("--url " + base + " is not a URL (" + e.getMessage() + "): give e.g. " + DEFAULT_URL);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody());
        String token = System.getenv("TRIBUTARY_API_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            io.err().println("no tributary server answers at " + base + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "): start one with tributary server in the project folder, or give its address with --url");
            return ExitCode.RUN_FAILED;
        }
        if (response.statusCode() == 401) {
            io.err().println("the server at " + base + " needs an API token: set TRIBUTARY_API_TOKEN to the server's token and try again");
            return ExitCode.INVALID_INPUT;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() != 200 || answer == null || !answer.has("reloaded")) {
            io.err().println("POST " + endpoint + " answered " + response.statusCode() + ": " + response.body()
                    + "; is it a tributary server of this version? (tributary reload needs POST /api/reload)");
            return ExitCode.RUN_FAILED;
        }
        return print(answer);
    }

    private int print(JsonNode answer) {
        boolean reloaded = answer.get("reloaded").asBoolean();
        if (reloaded) {
            io.out().println("reloaded: " + list(answer, "added") + " added, " + list(answer, "changed") + " changed, "
                    + list(answer, "removed") + " removed");
        } else {
            io.out().println("not reloaded: the project does not load; the server goes on with the project as it was");
        }
        for (JsonNode restart : answer.path("restart_needed")) {
            io.out().println("restart needed: " + restart.asText());
        }
        JsonNode invalid = answer.path("invalid");
        for (JsonNode file : invalid) {
            String pipeline = file.path("pipeline").isNull() ? null : file.path("pipeline").asText();
            String what = pipeline == null ? "" : file.path("runs_last_good").asBoolean()
                    ? " (" + pipeline + " runs on its last good definition)" : " (" + pipeline + " does not run)";
            io.err().println("invalid: " + file.path("file").asText() + what);
            for (JsonNode problem : file.path("problems")) {
                io.err().println("  " + problem.asText());
            }
        }
        if (!invalid.isEmpty()) {
            io.err().println("fix the file and save it (the server watches it) or run tributary reload again; tributary validate shows every problem");
            return ExitCode.INVALID_INPUT;
        }
        return ExitCode.OK;
    }

    private static String list(JsonNode answer, String field) {
        JsonNode names = answer.path(field);
        if (names.isEmpty()) {
            return "0";
        }
        StringBuilder out = new StringBuilder().append(names.size()).append(" (");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(names.get(i).asText());
        }
        return out.append(')').toString();
    }

    /** The running server's address as it wrote it in the project, else the default. */
    static String serverUrl(Path projectDir) {
        Path file = projectDir.resolve(".tributary").resolve("server.json");
        if (!Files.isRegularFile(file)) {
            return DEFAULT_URL;
        }
        try {
            JsonNode url = JSON.readTree(file.toFile()).get("url");
            if (url == null || !url.isTextual() || url.asText().isBlank()) {
                throw TributaryException.invalid(file + " has no \"url\": give the server's address with --url, or restart the server to write it again");
            }
            return url.asText();
        } catch (IOException e) {
            throw TributaryException.invalid("cannot read " + file + " (" + e.getMessage() + "): give the server's address with --url");
        }
    }
}
