package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.ConfigNode.ListNode;
import io.tributary.config.ConfigNode.MapNode;
import io.tributary.config.ConfigNode.ScalarNode;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static final Path FILE = Path.of("pipelines/orders.yml");

    private static ConfigNode read(String yaml, Problems problems) {
        return YamlReader.read(FILE, new StringReader(yaml), problems);
    }

    @Test
    void everyKeyAndValueKnowsItsLineAndColumn() {
        Problems problems = new Problems();
        MapNode root = (MapNode) read("name: orders\nsource:\n  type: file\n  path: [a.csv, \"b.csv\"]\nload: {table: t, mode: merge}\n", problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(root.keyLocations().get("source")).isEqualTo(new Location(FILE, 2, 1));
        MapNode source = (MapNode) root.entries().get("source");
        assertThat(source.keyLocations().get("type")).isEqualTo(new Location(FILE, 3, 3));
        assertThat(source.entries().get("type").location()).isEqualTo(new Location(FILE, 3, 9));
        ListNode paths = (ListNode) source.entries().get("path");
        assertThat(paths.location()).isEqualTo(new Location(FILE, 4, 9));
        assertThat(paths.items().get(1).location()).isEqualTo(new Location(FILE, 4, 17));
        MapNode load = (MapNode) root.entries().get("load");
        assertThat(load.entries().get("mode").location()).isEqualTo(new Location(FILE, 5, 24));
    }

    @Test
    void scalarsRememberHowYamlTypedThem() {
        MapNode root = (MapNode) read("a: 1\nb: \"1\"\nc: 1.5\nd: true\ne:\nf: text\ng: \"\"\n", new Problems());

        assertThat(((ScalarNode) root.entries().get("a")).kind()).isEqualTo(ScalarNode.Kind.INTEGER);
        assertThat(((ScalarNode) root.entries().get("b")).kind()).isEqualTo(ScalarNode.Kind.STRING);
        assertThat(((ScalarNode) root.entries().get("c")).kind()).isEqualTo(ScalarNode.Kind.DECIMAL);
        assertThat(((ScalarNode) root.entries().get("d")).kind()).isEqualTo(ScalarNode.Kind.BOOLEAN);
        assertThat(((ScalarNode) root.entries().get("e")).kind()).isEqualTo(ScalarNode.Kind.NULL);
        assertThat(((ScalarNode) root.entries().get("f")).text()).isEqualTo("text");
        assertThat((ScalarNode) root.entries().get("g")).satisfies(g -> {
            assertThat(g.kind()).isEqualTo(ScalarNode.Kind.STRING);
            assertThat(g.text()).isEmpty();
        });
    }

    @Test
    void aKeyWrittenTwiceIsAProblemAtTheSecondOneThatNamesTheFirst() {
        Problems problems = new Problems();
        MapNode root = (MapNode) read("name: a\nload: {table: t}\nname: b\n", problems);

        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new Location(FILE, 3, 1));
            assertThat(p.message()).isEqualTo("the key 'name' is written twice");
            assertThat(p.hint()).isEqualTo("keep one; the first is at line 1");
        });
        assertThat(((ScalarNode) root.entries().get("name")).text()).isEqualTo("a");
    }

    @Test
    void anEmptyDocumentIsAnEmptyMapping() {
        Problems problems = new Problems();
        assertThat(read("", problems)).isInstanceOfSatisfying(MapNode.class, m -> assertThat(m.entries()).isEmpty());
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void aSyntaxErrorIsOneProblemWithItsPositionAndTheWholeExplanation() {
        Problems problems = new Problems();
        assertThat(read("name: x\n  bad: 1\n", problems)).isNull();
        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new Location(FILE, 2, 6));
            assertThat(p.message()).isEqualTo("invalid YAML: mapping values are not allowed here at line 2, column 6");
        });
    }

    @Test
    void anUnterminatedQuotePointsAtWhereTheQuoteOpened() {
        Problems problems = new Problems();
        assertThat(read("a: \"unterminated\nb: 1\n", problems)).isNull();
        Problem problem = problems.list().get(0);
        assertThat(problem.location()).isEqualTo(new Location(FILE, 1, 4));
        assertThat(problem.message()).startsWith("invalid YAML: while scanning a quoted scalar at line 1, column 4: "
                + "found unexpected end of stream");
    }

    @Test
    void aProblemPrintsAsFileLineColumnPathMessageAndHint() {
        Problem problem = new Problem(new Location(FILE, 2, 1), "shedule", "unknown key 'shedule'", "did you mean 'schedule'?");
        assertThat(problem.toString()).isEqualTo("pipelines/orders.yml:2:1  shedule  unknown key 'shedule'  (did you mean 'schedule'?)");
    }
}
