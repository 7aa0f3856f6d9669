package io.tributary.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineMessagesTest {
    @Test
    void keepsTheFirstLineWithoutErrorClassOrAbsolutePath() {
        SQLException e = new SQLException("Invalid Input Error: Malformed JSON in file \"/tmp/x/orders.json\", at byte 9.\nLINE 1: SELECT ...");
        assertThat(EngineMessages.reason(e)).isEqualTo("Malformed JSON at byte 9");
    }

    @Test
    void aRunsErrorIsExplainedInPlainWordsWithWhatToDoAndNoErrorClass() {
        SQLException binder = new SQLException("Binder Error: Referenced column \"totl\" not found in FROM clause!\nLINE 1: SELECT totl");
        assertThat(EngineMessages.explain(binder, "orders.yml"))
                .startsWith("a column, table or function the pipeline names does not exist here: Referenced column \"totl\" not found")
                .endsWith("Check the names in transform and checks of orders.yml").doesNotContain("Binder Error", "LINE 1");
        SQLException conversion = new SQLException("Conversion Error: Could not convert string 'x' to INT32");
        assertThat(EngineMessages.explain(conversion, "p.yml")).startsWith("a value could not be converted: Could not convert string 'x'")
                .contains("cast it in transform");
        SQLException conflict = new SQLException("TransactionContext Error: Catalog write-write conflict on alter with \"orders\"");
        assertThat(EngineMessages.explain(conflict, "p.yml")).startsWith("another run changed the same table at the same moment")
                .endsWith("run the pipeline again");
    }

    @Test
    void namesAreMadeUniqueWithoutRegardToCase() {
        Set<String> taken = new HashSet<>();
        assertThat(List.of(ColumnNames.unique("Id", taken), ColumnNames.unique("id", taken), ColumnNames.unique("ID", taken)))
                .containsExactly("Id", "id_2", "ID_3");
        assertThat(ColumnNames.uniqueHeader(List.of("c", "c", "c_2"))).containsExactly("c", "c_3", "c_2");
    }
}
