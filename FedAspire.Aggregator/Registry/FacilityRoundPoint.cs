using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// One facility's figures in one completed round: one point of its metric series (<see cref="IModelRegistry.ReadFacilityRoundsAsync"/>).
/// Evaluation figures come from the facility's own federated evaluation after the claim bounds
/// (<see cref="Core.Claims.ClaimScreen.BoundEvaluations"/>): its windows and confusion counts are scaled down to what it was credited,
/// exactly as they enter the pooled figure, and F1, FAR and MAR are recomputed from those bounded counts; an evaluation rejected as
/// inconsistent or above the limits leaves them null. They are still what the facility reported (bounded), not checked: the pooled
/// and the central evaluation are the figures to trust. A figure that is undefined (no labelled windows, no anomalies, no evaluation)
/// is null, never 0.
/// </summary>
/// <param name="Facility">Facility id.</param>
/// <param name="RoundId">The round.</param>
/// <param name="Version">The version the round published (and the facility evaluated).</param>
/// <param name="StartedAt">When the round started.</param>
/// <param name="TrainingSamples">Samples credited to its update (its aggregation weight); null when it did not contribute.</param>
/// <param name="TrainingLoss">Its reported final training loss; null when it did not contribute.</param>
/// <param name="Windows">Held-out windows it evaluated, as credited; null without an accepted evaluation.</param>
/// <param name="EvaluationLoss">Its mean anomaly score over those windows.</param>
/// <param name="Anomalies">Labelled anomalous windows among them (TP + FN, bounded); null without labels.</param>
/// <param name="Alarms">Windows that raised an alarm (TP + FP, bounded); null without labels.</param>
/// <param name="F1">F1 of the bounded counts; null when undefined.</param>
/// <param name="FalseAlarmRate">FP / (FP + TN) of the bounded counts; null when undefined.</param>
/// <param name="MissedAlarmRate">FN / (FN + TP) of the bounded counts; null when undefined.</param>
/// <param name="PrAuc">The PR-AUC it reported (checked to lie in [0, 1]); null when undefined.</param>
public sealed record FacilityRoundPoint(
    string Facility,
    long RoundId,
    long Version,
    DateTimeOffset StartedAt,
    long? TrainingSamples,
    double? TrainingLoss,
    long? Windows,
    double? EvaluationLoss,
    long? Anomalies,
    long? Alarms,
    double? F1,
    double? FalseAlarmRate,
    double? MissedAlarmRate,
    double? PrAuc)
{
    /// <summary>
    /// The points of a completed round, by facility id: one for each facility that contributed an update or an accepted evaluation.
    /// <paramref name="evaluations"/> are the round's participant evaluations as bounded for the pooled merge. A failed round has none.
    /// </summary>
    public static IReadOnlyList<FacilityRoundPoint> FromRound(RoundRecord round, IReadOnlyList<ParticipantEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(evaluations);
        if (round.Outcome != RoundOutcome.Completed) return [];
        // A buffered step may hold two reports of one fast facility: its point sums their samples and weighs their losses by them.
        var contributions = round.Contributions.GroupBy(c => c.ParticipantId, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
            g.Count() == 1 ? g.First() : g.First() with
            {
                Samples = g.Sum(c => c.Samples),
                FinalLoss = (float)(g.Sum(c => (double)c.FinalLoss * c.Samples) / Math.Max(1, g.Sum(c => c.Samples))),
            }, StringComparer.Ordinal);
        var evaluated = evaluations.Where(e => e.Samples > 0).ToDictionary(e => e.ParticipantId, StringComparer.Ordinal);
        return [.. contributions.Keys.Union(evaluated.Keys).Order(StringComparer.Ordinal).Select(id =>
        {
            var c = contributions.GetValueOrDefault(id);
            var e = evaluated.GetValueOrDefault(id);
            var m = e?.Metrics is { Samples: > 0 } labelled ? labelled : null;
            return new FacilityRoundPoint(id, round.RoundId, round.Version, round.StartedAt,
                c?.Samples, c is null ? null : Defined(c.FinalLoss),
                e?.Samples, e is null ? null : Defined(e.Loss),
                m is null ? null : m.TruePositives + m.FalseNegatives, m is null ? null : m.TruePositives + m.FalsePositives,
                Defined(m?.F1), Defined(m?.FalseAlarmRate), Defined(m?.MissedAlarmRate), Defined(m?.PrAuc));
        })];
    }

    private static double? Defined(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
