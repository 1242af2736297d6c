using FedAspire.Scoring;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Devices.Training;

/// <summary>What every participant (facility or device) does with its own windows in a round: train, score, summarize.</summary>
public static class LocalRound
{
    /// <summary>A trained local model: parameters, samples and losses.</summary>
    public sealed record LocalResult(float[] Parameters, long Samples, float InitialLoss, float FinalLoss);

    /// <summary>
    /// Trains a copy of the global model on <paramref name="windows"/> with the round's options and a seed derived from the run seed,
    /// round and participant, so every participant is reproducible on its own.
    /// </summary>
    /// <param name="windows">The participant's training windows.</param>
    /// <param name="instruction">The round's instruction.</param>
    /// <param name="participantId">The participant (its seed derives from it).</param>
    /// <param name="normalization">The normalization the participant applies: its own under local normalization, else the federation's.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public static LocalResult Train(LocalWindows windows, RoundInstruction instruction, string participantId, FeatureNormalization normalization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(instruction);
        var samples = windows.ToSampleSet(normalization);
        // The instruction is immutable and may be shared with other grains in this silo: never train on its array.
        var model = new Autoencoder(instruction.Spec, (float[])instruction.GlobalParameters.Clone());
        var options = instruction.Training with { Seed = StableSeed.Derive(instruction.Training.Seed, instruction.RoundId, participantId) };
        var result = new LocalTrainer(model, options).Train(samples, options.ProximalMu > 0 ? instruction.GlobalParameters : null, cancellationToken);
        return new LocalResult(model.Parameters, result.Samples, result.InitialLoss, result.FinalLoss);
    }

    /// <summary>In-process anomaly scores of <paramref name="windows"/> under the given model (the same math as the ONNX export).</summary>
    public static float[] Score(LocalWindows windows, ModelSpec spec, float[] parameters, FeatureNormalization normalization)
    {
        var scores = new float[windows.Count];
        if (windows.Count == 0) return scores;
        // Scoring only reads the parameters, so the shared (immutable) instruction array is wrapped, not copied.
        new Autoencoder(spec, parameters).Score(windows.ToSampleSet(normalization), scores);
        return scores;
    }

    /// <summary>
    /// Calibrates a candidate model on <paramref name="calibration"/> (normal windows no model trained on): a histogram of their scores
    /// on the instruction's bins and the participant's own conformal threshold at the federation's false-alarm target.
    /// </summary>
    /// <remarks>With a <paramref name="tracker"/> (local normalization following drift), windows are scored in time order as live scoring does.</remarks>
    public static ScoreHistogramSummary Calibrate(LocalWindows calibration, ScoreSummaryInstruction instruction, string participantId, FeatureNormalization normalization,
        DriftTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(instruction);
        var histogram = ScoreHistogram.Create(instruction.Histogram.Lower, instruction.Histogram.Upper, instruction.Histogram.BinCount);
        if (calibration.Count == 0) return new ScoreHistogramSummary(participantId, 0, histogram);
        float[] scores;
        if (tracker is null) scores = Score(calibration, instruction.Spec, instruction.Parameters, normalization);
        else
        {
            scores = new float[calibration.Count];
            var model = new Autoencoder(instruction.Spec, instruction.Parameters);
            DriftFollowingScoring.Score(calibration.Raw, calibration.Mask, calibration.Count, instruction.Spec.Window, instruction.WindowStride, tracker,
                float.PositiveInfinity, InProcess(model), scores, calibration.SegmentStarts);
        }
        histogram.Add(scores);
        var target = (instruction.Detection ?? DetectionSettings.Default).FalseAlarmTarget;
        return new ScoreHistogramSummary(participantId, scores.Length, histogram, ConformalThreshold.Of(scores, target).Threshold);
    }

    /// <summary>
    /// Federated evaluation of <paramref name="heldOut"/> with the instruction's ONNX export (fed <paramref name="normalization"/>, the
    /// participant's own statistics, under local normalization): mean score as loss and detection metrics at the participant's calibrated
    /// threshold (null without labels); zero samples when there are no held-out windows.
    /// </summary>
    /// <remarks>With a warm <paramref name="tracker"/> (local normalization following drift), windows are scored in time order and
    /// only windows below the participant's threshold move its means, as live scoring does.</remarks>
    public static ParticipantEvaluation Evaluate(LocalWindows? heldOut, EvaluationInstruction instruction, string participantId, FeatureNormalization? normalization,
        DriftTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (heldOut is not { Count: > 0 }) return new ParticipantEvaluation(participantId, instruction.RoundId, 0, double.NaN, null);
        using var scorer = new OnnxScorer(instruction.OnnxModel);
        float[] scores;
        if (tracker is null) scores = scorer.ScoreWindows(heldOut.Raw, heldOut.Mask, heldOut.Count, normalization);
        else
        {
            scores = new float[heldOut.Count];
            DriftFollowingScoring.Score(heldOut.Raw, heldOut.Mask, heldOut.Count, instruction.Spec.Window, instruction.WindowStride, tracker,
                instruction.ThresholdFor(participantId), (raw, mask, n, norm, into) => scorer.ScoreWindows(raw, mask, n, norm).CopyTo(into), scores,
                heldOut.SegmentStarts);
        }
        double loss = 0;
        foreach (var s in scores) loss += s;
        var metrics = heldOut.Labels is { } labels ? DetectionMetrics.Compute(scores, labels, instruction.ThresholdFor(participantId)) : null;
        return new ParticipantEvaluation(participantId, instruction.RoundId, scores.Length, loss / scores.Length, metrics);
    }

    /// <summary>The in-process scorer of <paramref name="model"/> (the same math as the ONNX export).</summary>
    public static WindowScorer InProcess(Autoencoder model) =>
        (raw, mask, n, normalization, into) => model.Score(SampleSet.FromRaw(raw, mask, model.Spec.InputSize, normalization), into);

    /// <summary>Per-feature statistics of raw rows mapped into <paramref name="features"/>; missing values are skipped.</summary>
    public static NormalizationStatistics Summarize(ReadOnlySpan<float> rows, IReadOnlyList<string> sourceFeatures, IReadOnlyList<string> features)
    {
        var statistics = new NormalizationStatistics(features.Count);
        var mapping = new FeatureMapping(sourceFeatures, features);
        int n = rows.Length / mapping.SourceCount;
        if (n == 0) return statistics;
        var values = new float[n * features.Count];
        var mask = new float[values.Length];
        mapping.Map(rows, values, mask);
        statistics.Observe(values, mask);
        return statistics;
    }
}
