package io.tributary.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server.json is trusted only when its process lives and a server answers at its URL. */
class ServerClientTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansNoServer() {
        assertThat(ServerClient.find(dir, null)).isEmpty();
    }

    @Test
    void aFileWhoseProcessIsGoneIsIgnored() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        write(gone.pid(), "http://127.0.0.1:" + closedPort());
        assertThat(ServerClient.find(dir, null)).isEmpty();
    }

    @Test
    void aFileOfALiveProcessWhereNothingAnswersIsIgnored() throws Exception {
        write(ProcessHandle.current().pid(), "http://127.0.0.1:" + closedPort());
        assertThat(ServerClient.find(dir, null)).isEmpty();
    }

    @Test
    void aDamagedFileIsIgnored() throws Exception {
        Files.createDirectories(dir.resolve(".tributary"));
        Files.writeString(dir.resolve(".tributary/server.json"), "{\"url\": \"http://127.0.0.1:1\", \"pid\":");
        assertThat(ServerClient.find(dir, null)).isEmpty();
    }

    private void write(long pid, String url) throws IOException {
        Files.createDirectories(dir.resolve(".tributary"));
        Files.writeString(dir.resolve(".tributary/server.json"),
                "{\"url\": \"" + url + "\", \"pid\": " + pid + ", \"started_at\": \"2026-12-06T00:00:00Z\", \"version\": \"test\"}");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
