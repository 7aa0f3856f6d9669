package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API run that is stopped (SIGTERM, as a scheduler's timeout or Ctrl-C sends) removes the files
 * holding the records it had fetched: customer data must not stay behind on disk. While it runs, they
 * are in the project's {@code .tributary/tmp}, not in the shared temporary folder.
 */
class ApiTempFilesOnStopTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final CountDownLatch secondPageAsked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() {
        released.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Page 1 answers at once and links to page 2, which never comes (until the test ends). */
    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/items", exchange -> {
            try (exchange) {
                if ("2".equals(exchange.getRequestURI().getQuery() == null ? null : exchange.getRequestURI().getQuery().replace("page=", ""))) {
                    secondPageAsked.countDown();
                    released.await();
                    return;
                }
                byte[] body = "[{\"id\":1,\"email\":\"ann@example.com\"},{\"id\":2,\"email\":\"bob@example.com\"}]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Link", "<http://127.0.0.1:" + server.getAddress().getPort() + "/items?page=2>; rel=\"next\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static List<String> names(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    @Test
    @Timeout(180)
    void aStoppedRunRemovesTheRecordsItHadWrittenToDisk() throws Exception {
        String url = startServer();
        Path project = dir.resolve("shop");
        Files.createDirectories(project.resolve("pipelines"));
        Files.writeString(project.resolve("tributary.yml"), "name: shop\n");
        Files.writeString(project.resolve("pipelines/items.yml"), """
                name: items
                source:
                  type: api
                  base_url: %s
                  endpoint: /items
                  pagination: {style: link_header}
                  timeout: 120s
                load: {table: items}
                """.formatted(url));
        Path tmp = dir.resolve("tmp");
        Path projectTemp = project.resolve(".tributary/tmp");

        CliProcess run = CliProcess.start(dir.resolve("run.log"), tmp, "-p", project.toString(), "run", "items");
        assertThat(secondPageAsked.await(120, TimeUnit.SECONDS)).as("the run asks for page 2; output:\n%s", run.output()).isTrue();

        assertThat(names(projectTemp, "api-")).as("the run's files, while it waits for page 2").hasSize(2);
        assertThat(names(tmp, "tributary-api-")).as("nothing in the shared temporary folder").isEmpty();

        run.terminate();
        run.waitFor(60);

        assertThat(names(projectTemp, "api-")).as("after SIGTERM; output:\n%s", run.output()).isEmpty();
        assertThat(names(tmp, "tributary-api-")).isEmpty();
    }
}
