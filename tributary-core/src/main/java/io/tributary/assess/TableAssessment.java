package io.tributary.assess;

/** One table's profile, scores, plan and suggested checks (YAML). */
public record TableAssessment(TableProfile profile, Scores scores, Plan plan, String suggestedChecks) {

    static TableAssessment of(TableProfile profile, Access access, int impact, int tables) {
        Plan plan = Plan.of(profile, impact, tables);
        return new TableAssessment(profile, Scores.of(profile, access, plan.interval()), plan, SuggestedChecks.yaml(profile, plan));
    }
}
