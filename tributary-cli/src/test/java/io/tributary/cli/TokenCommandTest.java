package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.ServerOptions;
import io.tributary.server.TributaryServer;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary token create|list|revoke}: without a server on the store itself, with one through its API. */
class TokenCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void project() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id\n1\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\n");
    }

    @Test
    void aTokenIsPrintedOnceListedWithoutItAndRevokedOnce() {
        CliTest.Result created = cli("-p", dir.toString(), "token", "create", "ci");
        assertThat(created.code()).as("%s", created).isZero();
        String token = created.out().strip();
        assertThat(token).matches("trb_[0-9a-f]{64}");
        assertThat(created.err()).contains("shown only now");

        CliTest.Result again = cli("-p", dir.toString(), "token", "create", "ci");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already a token named ci");

        CliTest.Result list = cli("-p", dir.toString(), "token", "list");
        assertThat(list.out()).contains("NAME").contains("ci").doesNotContain(token).doesNotContain(token.substring(4, 16));

        assertThat(cli("-p", dir.toString(), "token", "revoke", "ci").code()).isZero();
        CliTest.Result twice = cli("-p", dir.toString(), "token", "revoke", "ci");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("no valid token named ci");
        assertThat(cli("-p", dir.toString(), "token", "create", "bad name!").code()).isEqualTo(2);
    }

    @Test
    void whileTheServerRunsTokenCommandsGoThroughIt() {
        try (TributaryServer server = TributaryServer.start(TestProject.in(dir).load(), ServerOptions.defaults().withPort(0), "test")) {
            CliTest.Result created = cli("-p", dir.toString(), "token", "create", "grafana");
            assertThat(created.code()).as("%s", created).isZero();
            assertThat(created.err()).contains("(through the server at http://127.0.0.1:" + server.port() + ")");
            assertThat(created.out().strip()).startsWith("trb_");
            CliTest.Result list = cli("-p", dir.toString(), "token", "list");
            assertThat(list.out()).contains("grafana").doesNotContain(created.out().strip());
            assertThat(cli("-p", dir.toString(), "token", "revoke", "grafana").code()).isZero();
            assertThat(cli("-p", dir.toString(), "token", "revoke", "grafana").code()).isEqualTo(2);
        }
    }
}
