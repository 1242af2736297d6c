using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;

namespace FedAspire.Devices.Experiments;

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
            var windows = LocalWindows.Create(data.HeldOutRows, data.Features, spec, stride, data.HeldOutAnomalous);
            var scores = new float[windows.Count];
            if (windows.Count > 0) model.Score(windows.ToSampleSet(normalization), scores);
            var labels = windows.Labels ?? [];
            clients.Add(new ClientResult(id, data.TrainCount, data.HeldOutCount, Summarize(scores, labels, threshold)));
            allScores.AddRange(scores);
            allLabels.AddRange(labels);
        }
        var pooledScores = allScores.ToArray();
        var pooledLabels = allLabels.ToArray();
        return (clients, Summarize(pooledScores, pooledLabels, threshold), pooledScores, pooledLabels);
    }

    /// <summary>Metrics at <paramref name="threshold"/>; null metrics (NaN) when there are no windows.</summary>
    public static DetectionSummary Summarize(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, float threshold)
    {
        double mean = 0;
        foreach (var s in scores) mean += s;
        mean = scores.IsEmpty ? double.NaN : mean / scores.Length;
        if (scores.IsEmpty) return DetectionSummary.From(null, threshold, 0, mean);
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
            var windows = LocalWindows.Create(rows, data.Features, spec, stride, heldOut ? data.HeldOutAnomalous : default);
            raw.AddRange(windows.Raw);
            mask.AddRange(windows.Mask);
            if (windows.Labels is { } l) labels.AddRange(l);
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
