package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    private static final Location AT = new Location(Path.of("tributary.yml"), 4, 12);

    @TempDir
    Path dir;

    @Test
    void aReferenceResolvesToTheVariableAndTheValueIsMaskedEverywhereAfterwards() {
        Problems problems = new Problems();
        Secrets secrets = Secrets.of(Map.of("SHOP_TOKEN_SECRETS_TEST", "shpat_0123456789abcdef"));

        String url = secrets.resolve("https://x:${env:SHOP_TOKEN_SECRETS_TEST}@shop.example", AT, "connections.shop.url", problems);

        assertThat(url).isEqualTo("https://x:shpat_0123456789abcdef@shop.example");
        assertThat(problems.isEmpty()).isTrue();
        assertThat(Secrets.redact("connecting to " + url + " failed")).isEqualTo("connecting to https://x:****@shop.example failed");
    }

    @Test
    void anUnsetVariableIsAProblemAtTheValueAndTheReferenceStaysAsWritten() {
        Problems problems = new Problems();
        Secrets secrets = Secrets.of(Map.of());

        String value = secrets.resolve("${env:NOT_SET_SECRETS_TEST}", AT, "connections.db.password", problems);

        assertThat(value).isEqualTo("${env:NOT_SET_SECRETS_TEST}");
        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(AT);
            assertThat(p.path()).isEqualTo("connections.db.password");
            assertThat(p.message()).isEqualTo("the environment variable NOT_SET_SECRETS_TEST is not set");
            assertThat(p.hint()).contains("export NOT_SET_SECRETS_TEST=").contains(".env");
        });
    }

    @Test
    void theEnvironmentWinsOverTheProjectsDotEnvFile() throws Exception {
        Files.writeString(dir.resolve(".env"), "# comment\nexport A_SECRETS_TEST=\"from file\"\nB_SECRETS_TEST='quoted value'\nnot a line\n");
        Secrets secrets = Secrets.forProject(dir, Map.of("A_SECRETS_TEST", "from environment"));
        Problems problems = new Problems();

        assertThat(secrets.resolve("${env:A_SECRETS_TEST}", AT, "a", problems)).isEqualTo("from environment");
        assertThat(secrets.resolve("${env:B_SECRETS_TEST}", AT, "b", problems)).isEqualTo("quoted value");
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void problemMessagesAreRedacted() {
        Secrets.of(Map.of("P_SECRETS_TEST", "hunter2-password")).resolve("${env:P_SECRETS_TEST}", AT, "p", new Problems());
        Problems problems = new Problems();

        problems.add(AT, "p", "login with hunter2-password refused", null);

        assertThat(problems.list().get(0).message()).isEqualTo("login with **** refused");
    }

    @Test
    void valuesShorterThanThreeCharactersAreNotMaskedSoOrdinaryTextSurvives() {
        Secrets.of(Map.of("SHORT_SECRETS_TEST", "ab")).resolve("${env:SHORT_SECRETS_TEST}", AT, "s", new Problems());
        assertThat(Secrets.redact("table abc")).isEqualTo("table abc");
    }

    @Test
    void textWithoutAReferenceIsLeftAlone() {
        Problems problems = new Problems();
        assertThat(Secrets.of(Map.of()).resolve("$5 and ${notenv:X}", AT, "x", problems)).isEqualTo("$5 and ${notenv:X}");
        assertThat(Secrets.containsReference("${env:X}")).isTrue();
        assertThat(Secrets.containsReference("$X")).isFalse();
        assertThat(problems.isEmpty()).isTrue();
    }
}
