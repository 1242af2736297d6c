using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Scores every facility's held-out windows with a final model in-process (the same masked reconstruction error the ONNX export
/// computes) and summarizes per facility and pooled at the model's threshold.
/// </summary>
public static class HeldOutScoring
{
    /// <summary>Per-client results, the pooled summary and the pooled scores/labels for plots.</summary>
    public static (IReadOnlyList<ClientResult> Clients, DetectionSummary Pooled, float[] Scores, bool[] Labels) Score(
        PreparedPartition partition, ModelSpec spec, float[] parameters, FeatureNormalization normalization, float threshold, int stride)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var model = new Autoencoder(spec, parameters);
        var clients = new List<ClientResult>();
        var allScores = new List<float>();
        var allLabels = new List<bool>();
        foreach (var (id, data) in partition.Clients)
        {
            var windows = LocalWindows.HeldOut(data, spec, stride);
            var scores = new float[windows.Count];
            if (windows.Count > 0) model.Score(windows.ToSampleSet(normalization), scores);
            var labels = windows.Labels ?? new bool[windows.Count];
            clients.Add(new ClientResult(id, data.TrainCount, data.HeldOutCount, Summarize(scores, labels, threshold)));
            allScores.AddRange(scores);
            allLabels.AddRange(labels);
        }
        var pooledScores = allScores.ToArray();
        var pooledLabels = allLabels.ToArray();
        return (clients, Summarize(pooledScores, pooledLabels, threshold), pooledScores, pooledLabels);
    }

    /// <summary>
    /// Scores every facility's held-out windows the way the federation does: each standardizes with <paramref name="normalizationOf"/>
    /// (its own training statistics under local normalization) and raises alarms at its own calibrated threshold. Pooled metrics rank
    /// calibrated scores (score / the window's threshold, so 1 is every facility's alarm line), which keeps per-facility thresholds
    /// and a pooled PR-AUC consistent with each other. Under drift following, each participant scores its held-out windows in time
    /// order with its tracker warmed through its calibration rows, as live scoring does.
    /// </summary>
    public static (IReadOnlyList<ClientResult> Clients, DetectionSummary Pooled, float[] Scores, bool[] Labels, float[] Thresholds) ScoreCalibrated(
        PreparedPartition partition, ModelSpec spec, float[] parameters, Func<ParticipantWindows, FeatureNormalization> normalizationOf,
        Func<string, float> thresholdOf, int stride, DetectionSettings detection)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(normalizationOf);
        ArgumentNullException.ThrowIfNull(thresholdOf);
        var model = new Autoencoder(spec, parameters);
        var clients = new List<ClientResult>();
        var allScores = new List<float>();
        var allLabels = new List<bool>();
        var allThresholds = new List<float>();
        var calibrated = new List<float>();
        var calibratedLabels = new List<bool>();
        foreach (var (id, data) in partition.Clients)
        {
            var windows = ParticipantWindows.Create(data, spec, stride, detection.CalibrationFraction);
            var scores = new float[windows.HeldOut.Count];
            float threshold = thresholdOf(id);
            var held = windows.HeldOut;
            if (scores.Length > 0 && windows.Tracker(detection, warm: true) is { } tracker)
                DriftFollowingScoring.Score(held.Raw, held.Mask, held.Count, spec.Window, stride, tracker, threshold, LocalRound.InProcess(model), scores,
                    held.SegmentStarts);
            else if (scores.Length > 0) model.Score(held.ToSampleSet(normalizationOf(windows)), scores);
            // Unlabelled participants get all-false placeholders so every window keeps its place; their metrics are n/a.
            var labels = held.Labels ?? new bool[scores.Length];
            clients.Add(new ClientResult(id, data.TrainCount, data.HeldOutCount, Summarize(scores, data.HasLabels ? labels : [], threshold)));
            allScores.AddRange(scores);
            allLabels.AddRange(labels);
            allThresholds.AddRange(Enumerable.Repeat(threshold, scores.Length));
            // Pooled metrics count labelled participants only: an unlabelled one's windows are not evidence of normal operation.
            if (!data.HasLabels) continue;
            foreach (var score in scores) calibrated.Add(threshold > 0 ? score / threshold : score);
            calibratedLabels.AddRange(labels);
        }
        var pooled = Summarize(calibrated.ToArray(), calibratedLabels.ToArray(), 1f);
        return (clients, pooled, allScores.ToArray(), allLabels.ToArray(), allThresholds.ToArray());
    }

    /// <summary>
    /// The global loss of a model: its mean masked MSE over every participant's training windows (each standardized as that participant
    /// trains), weighted by window count. The same quantity for synchronous rounds and asynchronous steps, so arms compare on it
    /// whichever participants a step heard from; NaN without training windows.
    /// </summary>
    public static double TrainingLoss(PreparedPartition partition, ModelSpec spec, float[] parameters, Func<ParticipantWindows, FeatureNormalization> normalizationOf,
        int stride, double calibrationFraction)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(normalizationOf);
        var model = new Autoencoder(spec, parameters);
        double sum = 0;
        long count = 0;
        foreach (var (_, data) in partition.Clients)
        {
            var windows = ParticipantWindows.Create(data, spec, stride, calibrationFraction);
            if (windows.Train.Count == 0) continue;
            sum += (double)model.Loss(windows.Train.ToSampleSet(normalizationOf(windows))) * windows.Train.Count;
            count += windows.Train.Count;
        }
        return count > 0 ? sum / count : double.NaN;
    }

    /// <summary>Metrics at <paramref name="threshold"/>; null metrics (NaN) when there are no windows.</summary>
    public static DetectionSummary Summarize(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, float threshold)
    {
        double mean = 0;
        foreach (var s in scores) mean += s;
        mean = scores.IsEmpty ? double.NaN : mean / scores.Length;
        // Unlabelled windows (a facility without labels) have scores but no metrics.
        if (scores.IsEmpty || labels.Length != scores.Length) return DetectionSummary.From(null, threshold, scores.Length, mean);
        var (best, bestThreshold) = DetectionMetrics.BestF1(scores, labels);
        return DetectionSummary.From(DetectionMetrics.Compute(scores, labels, threshold), threshold, scores.Length, mean) with { BestF1 = best, BestF1Threshold = bestThreshold };
    }

    /// <summary>Pooled windows of every client's training (or held-out) rows in the federation's feature order.</summary>
    public static LocalWindowsPool Pool(PreparedPartition partition, ModelSpec spec, int stride, bool heldOut)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var raw = new List<float>();
        var mask = new List<float>();
        var labels = new List<bool>();
        var statistics = new NormalizationStatistics(spec.FeatureCount);
        foreach (var (_, data) in partition.Clients)
        {
            var rows = heldOut ? data.HeldOutRows : data.TrainRows;
            var windows = heldOut ? LocalWindows.HeldOut(data, spec, stride) : LocalWindows.Training(data, spec, stride);
            raw.AddRange(windows.Raw);
            mask.AddRange(windows.Mask);
            if (heldOut) labels.AddRange(windows.Labels ?? new bool[windows.Count]);
            // Normalization from the rows themselves (each row once), mapped into the federation's features.
            var mapping = new FeatureMapping(data.Features, spec.Features);
            int n = rows.Length / mapping.SourceCount;
            var values = new float[n * spec.FeatureCount];
            var rowMask = new float[n * spec.FeatureCount];
            mapping.Map(rows, values, rowMask);
            statistics.Observe(values, rowMask);
        }
        return new LocalWindowsPool(raw.ToArray(), mask.ToArray(), labels.ToArray(), raw.Count / spec.InputSize, statistics);
    }
}
