using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// Participants' evaluations merged: loss weighted by samples; confusion counts summed (so F1, FAR and MAR are exact over all
/// held-out windows); ROC-AUC and PR-AUC weighted by each participant's labelled samples.
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
        long samples = 0, labelled = 0, tp = 0, fp = 0, tn = 0, fn = 0;
        double loss = 0, rocAuc = 0, prAuc = 0;
        int participants = 0;
        foreach (var e in evaluations)
        {
            if (e.Samples <= 0) continue;
            participants++;
            samples += e.Samples;
            loss += e.Loss * e.Samples;
            if (e.Metrics is { } m)
            {
                long n = m.TruePositives + m.FalsePositives + m.TrueNegatives + m.FalseNegatives;
                tp += m.TruePositives; fp += m.FalsePositives; tn += m.TrueNegatives; fn += m.FalseNegatives;
                rocAuc += m.RocAuc * n; prAuc += m.PrAuc * n;
                labelled += n;
            }
        }
        var metrics = labelled > 0 ? new DetectionMetrics(tp, fp, tn, fn, rocAuc / labelled, prAuc / labelled) : null;
        return new FederatedEvaluation(participants, samples, samples > 0 ? loss / samples : double.NaN, metrics);
    }
}
