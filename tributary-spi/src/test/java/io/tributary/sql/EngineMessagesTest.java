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
    void namesAreMadeUniqueWithoutRegardToCase() {
        Set<String> taken = new HashSet<>();
        assertThat(List.of(ColumnNames.unique("Id", taken), ColumnNames.unique("id", taken), ColumnNames.unique("ID", taken)))
                .containsExactly("Id", "id_2", "ID_3");
        assertThat(ColumnNames.uniqueHeader(List.of("c", "c", "c_2"))).containsExactly("c", "c_3", "c_2");
    }
}
