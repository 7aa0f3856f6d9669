package io.tributary.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.TableName;
import org.junit.jupiter.api.Test;

class DialectTest {
    @Test
    void quotesByKind() {
        assertThat(Dialect.forKind("postgres").table(new TableName("raw", "or\"der"))).isEqualTo("\"raw\".\"or\"\"der\"");
        assertThat(Dialect.forKind("mariadb").ident("Sales `Total`")).isEqualTo("`Sales ``Total```");
        assertThat(Dialect.forKind("mysql").literal("it's a \\ path")).isEqualTo("'it''s a \\\\ path'");
        assertThat(Dialect.forKind("oracle")).isEqualTo(Dialect.ANSI);
    }
}
