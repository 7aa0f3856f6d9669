package io.tributary.project;

import io.tributary.config.DidYouMean;
import io.tributary.config.Location;
import io.tributary.config.Problems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the project's {@code after:} dependencies: every upstream named exists, none is the
 * pipeline itself, and no chain of them leads back to where it started (it would never run).
 */
final class AfterGraph {
    private AfterGraph() {}

    /**
     * @param known     every pipeline name the project declares, also of files with problems (naming one
     *                  of those is not "unknown": the file's own problem is the one to fix)
     * @param locations where each {@code after:} item is written, by file
     */
    static void check(List<PipelineSpec> pipelines, Collection<String> known, Map<Path, Map<String, Location>> locations, Problems problems) {
        Map<String, PipelineSpec> byName = new LinkedHashMap<>();
        pipelines.forEach(p -> byName.putIfAbsent(p.name(), p));
        for (PipelineSpec pipeline : pipelines) {
            Map<String, Location> at = locations.getOrDefault(pipeline.file(), Map.of());
            for (String upstream : pipeline.scheduling().after()) {
                Location where = at.getOrDefault(upstream, pipeline.location());
                if (upstream.equals(pipeline.name())) {
                    problems.add(where, "after", "pipeline " + pipeline.name() + " cannot run after itself",
                            "name the pipelines whose runs it waits for, e.g. after: [orders]");
                } else if (!known.contains(upstream)) {
                    problems.add(where, "after", "unknown pipeline '" + upstream + "'", DidYouMean.hint(upstream,
                            known.stream().filter(n -> n != null && !n.equals(pipeline.name())).toList()));
                }
            }
        }
        List<String> reported = new ArrayList<>();
        for (PipelineSpec pipeline : pipelines) {
            List<String> cycle = cycleFrom(pipeline.name(), byName, new ArrayList<>());
            if (cycle != null && cycle.stream().noneMatch(reported::contains)) {
                reported.addAll(cycle);
                String next = cycle.size() > 1 ? cycle.get(1) : cycle.get(0);
                Location where = locations.getOrDefault(pipeline.file(), Map.of()).getOrDefault(next, pipeline.location());
                problems.add(where, "after", "after: goes round in a circle: " + String.join(" → ", cycle) + " → " + cycle.get(0)
                        + "; none of these would ever run", "remove one of these after: entries");
            }
        }
    }

    /** The cycle through {@code start}, in order, or null. */
    private static List<String> cycleFrom(String start, Map<String, PipelineSpec> byName, List<String> path) {
        String current = path.isEmpty() ? start : path.get(path.size() - 1);
        if (path.isEmpty()) {
            path.add(start);
        }
        PipelineSpec pipeline = byName.get(current);
        if (pipeline == null) {
            return null;
        }
        for (String upstream : pipeline.scheduling().after()) {
            if (upstream.equals(current)) {
                continue;   // reported as a self-reference
            }
            if (upstream.equals(start)) {
                return List.copyOf(path);
            }
            if (!path.contains(upstream) && path.size() < byName.size()) {
                path.add(upstream);
                List<String> found = cycleFrom(start, byName, path);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
