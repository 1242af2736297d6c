using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// Participants' evaluations merged: loss weighted by samples; confusion counts summed (so F1, FAR and MAR are exact over all
/// held-out windows); ROC-AUC and PR-AUC are the mean over participants weighted by each one's labelled samples, not the AUC of the
/// pooled scores (participants send counts and AUCs, never scores): show them as a facility mean. Undefined figures are NaN.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FederatedEvaluation(
    [property: Id(0)] int Participants,
    [property: Id(1)] long Samples,
    [property: Id(2)] double Loss,
    [property: Id(3)] DetectionMetrics? Metrics)
{
    /// <summary>Merges participant results; participants with no samples are left out.</summary>
    public static FederatedEvaluation Merge(IReadOnlyList<ParticipantEvaluation> evaluations)
    {
        long samples = 0;
        double loss = 0;
        int participants = 0;
        var labelled = new List<(DetectionMetrics, long)>();
        foreach (var e in evaluations)
        {
            if (e.Samples <= 0) continue;
            participants++;
            samples += e.Samples;
            loss += e.Loss * e.Samples;
            if (e.Metrics is { Samples: > 0 } m) labelled.Add((m, m.Samples));
        }
        var metrics = labelled.Count > 0 ? DetectionMetrics.Combine(labelled) : null;
        return new FederatedEvaluation(participants, samples, samples > 0 ? loss / samples : double.NaN, metrics);
    }
}
