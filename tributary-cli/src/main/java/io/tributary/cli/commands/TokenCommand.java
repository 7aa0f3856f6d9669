package io.tributary.cli.commands;

import io.tributary.app.ApiTokens;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.remote.ServerClient;
import io.tributary.error.ExitCode;
import io.tributary.metadata.ApiToken;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary token create|list|revoke}: the API tokens the server accepts. Kept in the metadata
 * store as SHA-256 hashes only; while the project's server runs, the commands go through its
 * {@code /api/tokens} (from this machine only), otherwise they open the store themselves.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Manage the API tokens tributary server accepts (Authorization: Bearer <token>).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footer = {"", "Examples:", "  tributary token create ci", "  tributary token list", "  tributary token revoke ci", "",
                "A server listening beyond 127.0.0.1 (--bind) starts only with a valid token (or TRIBUTARY_API_TOKEN); every /api/",
                "request then needs one. Only a token's SHA-256 is stored: the token is shown once, by create.",
                "While the server runs, these go through it (from its own machine only)."})
public final class TokenCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Io io;

    public TokenCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("tributary token needs a command: create NAME, list or revoke NAME (see tributary token --help)");
        return ExitCode.INVALID_INPUT;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Make a token and print it, this once (only its hash is kept). Exit 2 when the name is taken.")
    public static final class Create implements Callable<Integer> {
        private final Io io;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME", description = "What the token is for: ci, grafana, ...")
        String name;

        public Create(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Optional<ServerClient> server = project.server(io);
            String token = server.isPresent() ? String.valueOf(new ServerApi(server.get()).createToken(name).get("token"))
                    : ApiTokens.withStore(project.metadata(), project.warehouse(), tokens -> tokens.create(name, Instant.now())).token();
            io.out().println(token);
            io.err().println("token " + name + " created: it is shown only now; requests send it as Authorization: Bearer <token>");
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "List the tokens: name, created, last used, revoked (times in UTC); never a token.")
    public static final class ListTokens implements Callable<Integer> {
        private final Io io;

        @Mixin
        ProjectOption project;

        public ListTokens(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Optional<ServerClient> server = project.server(io);
            List<ApiToken> tokens = server.isPresent() ? new ServerApi(server.get()).tokens()
                    : ApiTokens.withStore(project.metadata(), project.warehouse(), ApiTokens::list);
            if (tokens.isEmpty()) {
                io.out().println("no API tokens yet: tributary token create NAME makes one");
                return ExitCode.OK;
            }
            TextTable table = new TextTable(List.of("NAME", "CREATED (UTC)", "LAST USED (UTC)", "REVOKED (UTC)"));
            for (ApiToken token : tokens) {
                table.add(List.of(token.name(), time(token.createdAt()), time(token.lastUsedAt()), time(token.revokedAt())));
            }
            table.print(io.out());
            return ExitCode.OK;
        }

        private static String time(Instant at) {
            return at == null ? "" : TIME.format(at.atOffset(ZoneOffset.UTC));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Revoke a token: the server refuses it from now on (its name stays taken). Exit 2 when there is no valid token of that name.")
    public static final class Revoke implements Callable<Integer> {
        private final Io io;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME", description = "The token's name (tributary token list).")
        String name;

        public Revoke(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Optional<ServerClient> server = project.server(io);
            if (server.isPresent()) {
                new ServerApi(server.get()).revokeToken(name);
            } else {
                ApiTokens.withStore(project.metadata(), project.warehouse(), tokens -> {
                    tokens.revoke(name, Instant.now());
                    return null;
                });
            }
            io.out().println("revoked token " + name + ": the server refuses it from now on");
            return ExitCode.OK;
        }
    }
}
