using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Core.Claims;

/// <summary>Scales a participant's evaluation down to its credited windows, so fabricated confusion counts weigh no more than its share.</summary>
public static class EvaluationBounds
{
    /// <summary>
    /// <paramref name="evaluation"/> with Samples = <paramref name="credited"/> and every confusion count scaled by
    /// credited / Samples (rounded); unchanged when nothing is cut.
    /// </summary>
    public static ParticipantEvaluation Scale(ParticipantEvaluation evaluation, long credited)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (credited >= evaluation.Samples) return evaluation;
        double factor = (double)Math.Max(credited, 0) / evaluation.Samples;
        var m = evaluation.Metrics;
        var metrics = m is null ? null : m with
        {
            TruePositives = (long)Math.Round(m.TruePositives * factor),
            FalsePositives = (long)Math.Round(m.FalsePositives * factor),
            TrueNegatives = (long)Math.Round(m.TrueNegatives * factor),
            FalseNegatives = (long)Math.Round(m.FalseNegatives * factor),
        };
        return evaluation with { Samples = Math.Max(credited, 0), Metrics = metrics };
    }

    /// <summary>The first inconsistency of a reported evaluation (counts above its samples, non-finite loss or AUCs out of [0, 1]), or null.</summary>
    public static string? Problem(ParticipantEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.Samples < 0) return $"evaluation samples {evaluation.Samples} is negative";
        if (evaluation.Samples > 0 && !(double.IsFinite(evaluation.Loss) && evaluation.Loss >= 0))
            return $"evaluation loss {evaluation.Loss} is not a finite, non-negative mean score";
        if (evaluation.Metrics is not { } m) return null;
        if (m.TruePositives < 0 || m.FalsePositives < 0 || m.TrueNegatives < 0 || m.FalseNegatives < 0) return "detection counts must be non-negative";
        long labelled;
        try { labelled = checked(m.TruePositives + m.FalsePositives + m.TrueNegatives + m.FalseNegatives); }
        catch (OverflowException) { return "detection counts overflow when summed"; }
        if (labelled > evaluation.Samples) return $"{labelled} labelled windows exceed the {evaluation.Samples} evaluated";
        if (!InUnit(m.RocAuc) || !InUnit(m.PrAuc)) return $"AUCs {m.RocAuc} and {m.PrAuc} must be in [0, 1] (or undefined)";
        return null;
    }

    private static bool InUnit(double x) => double.IsNaN(x) || (x >= 0 && x <= 1);
}
