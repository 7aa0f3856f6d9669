package io.tributary.error;

import io.tributary.config.Problem;
import io.tributary.config.Problems;
import java.util.List;
import java.util.stream.Collectors;

/** The project did not validate; carries every problem found. */
public class InvalidProjectException extends TributaryException {
    private final List<Problem> problems;

    public InvalidProjectException(Problems problems) {
        this(problems.list());
    }

    public InvalidProjectException(List<Problem> problems) {
        super(ExitCode.INVALID_INPUT, format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return count + " in the project:\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
