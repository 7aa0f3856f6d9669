package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("name", "description", "schedule", "source", "transform", "checks", "load");

    @Test
    void aMisspeltKeyGetsTheClosestKnownOne() {
        assertThat(DidYouMean.closest("shedule", KEYS)).isEqualTo("schedule");
        assertThat(DidYouMean.closest("sorce", KEYS)).isEqualTo("source");
        assertThat(DidYouMean.closest("transfrom", KEYS)).isEqualTo("transform");
    }

    @Test
    void caseDoesNotMatterButTheSuggestionKeepsTheKnownSpelling() {
        assertThat(DidYouMean.closest("SCHEDULE", KEYS)).isEqualTo("schedule");
    }

    @Test
    void aWordFarFromEveryCandidateGetsNoSuggestionButTheListOfWhatIsAllowed() {
        assertThat(DidYouMean.closest("frobnicate", KEYS)).isNull();
        assertThat(DidYouMean.hint("frobnicate", List.of("append", "replace", "merge"))).isEqualTo("allowed: append, replace, merge");
        assertThat(DidYouMean.hint("merg", List.of("append", "replace", "merge"))).isEqualTo("did you mean 'merge'?");
    }

    @Test
    void shortWordsAllowTwoEditsAndLongerOnesAThirdOfTheirLength() {
        assertThat(DidYouMean.closest("lod", KEYS)).isEqualTo("load");
        assertThat(DidYouMean.closest("xyz", List.of("abc"))).isNull();
        assertThat(DidYouMean.closest("descriptoin", KEYS)).isEqualTo("description");
        assertThat(DidYouMean.closest("dscrptn", KEYS)).isNull();
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }

    @Test
    void noCandidatesMeansNoSuggestion() {
        assertThat(DidYouMean.closest("anything", List.of())).isNull();
    }

    @Test
    void theStartOfANameMeansThatNameEvenWhenAnotherIsFewerEditsAway() {
        assertThat(DidYouMean.closest("--ful", List.of("--all", "--full-refresh", "--help"))).isEqualTo("--full-refresh");
    }
}
