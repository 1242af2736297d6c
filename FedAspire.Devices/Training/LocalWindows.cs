using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;

namespace FedAspire.Devices.Training;

/// <summary>
/// A participant's raw rows cut into a model's windows: values in the model's feature order (NaN where missing), the
/// presence mask, and per-window labels (a window is anomalous when any of its rows is).
/// </summary>
public sealed class LocalWindows
{
    private LocalWindows(float[] raw, float[] mask, int count, int inputSize, bool[]? labels, int[]? segmentStarts = null)
    {
        Raw = raw; Mask = mask; Count = count; InputSize = inputSize; Labels = labels; SegmentStarts = segmentStarts ?? [];
    }

    /// <summary>Raw windows [Count, InputSize], time-major.</summary>
    public float[] Raw { get; }

    /// <summary>Presence mask, same layout (1 observed, 0 missing).</summary>
    public float[] Mask { get; }

    /// <summary>Number of windows.</summary>
    public int Count { get; }

    /// <summary>Values per window.</summary>
    public int InputSize { get; }

    /// <summary>Per-window anomaly labels, or null for unlabelled data.</summary>
    public bool[]? Labels { get; }

    /// <summary>Indices (&gt; 0) of windows that start a new contiguous run of rows: all their rows are new to a drift tracker.</summary>
    public int[] SegmentStarts { get; }

    /// <summary>The training windows of <paramref name="partition"/> (none spans a jump in its training rows).</summary>
    public static LocalWindows Training(FacilityPartition partition, ModelSpec spec, int stride)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Create(partition.TrainRows, partition.Features, spec, stride, breaks: partition.TrainBreaks);
    }

    /// <summary>The calibration windows of <paramref name="partition"/> (normal by construction: no labels).</summary>
    public static LocalWindows Calibration(FacilityPartition partition, ModelSpec spec, int stride)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Create(partition.CalibrationRows, partition.Features, spec, stride, breaks: partition.CalibrationBreaks);
    }

    /// <summary>The held-out windows of <paramref name="partition"/>, labelled when it has labels (else <see cref="Labels"/> is null).</summary>
    public static LocalWindows HeldOut(FacilityPartition partition, ModelSpec spec, int stride)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Create(partition.HeldOutRows, partition.Features, spec, stride, partition.HasLabels ? partition.HeldOutAnomalous : default, partition.HeldOutBreaks);
    }

    /// <summary>
    /// Cuts <paramref name="rows"/> ([n, sourceFeatures]) into windows of <paramref name="spec"/>; with <paramref name="breaks"/> (row
    /// indices where the rows jump in time) each contiguous run is windowed on its own, so no window spans a jump.
    /// </summary>
    public static LocalWindows Create(ReadOnlySpan<float> rows, IReadOnlyList<string> sourceFeatures, ModelSpec spec, int stride, ReadOnlySpan<bool> rowLabels = default,
        ReadOnlySpan<int> breaks = default)
    {
        if (breaks.IsEmpty) return CreateRun(rows, sourceFeatures, spec, stride, rowLabels);
        ArgumentNullException.ThrowIfNull(sourceFeatures);
        int sourceCount = sourceFeatures.Count, n = rows.Length / Math.Max(sourceCount, 1);
        var runs = new List<LocalWindows>();
        var starts = new List<int>();
        int total = 0;
        foreach (var (from, to) in Runs(n, breaks))
        {
            var run = CreateRun(rows[(from * sourceCount)..(to * sourceCount)], sourceFeatures, spec, stride, rowLabels.IsEmpty ? default : rowLabels[from..to]);
            if (run.Count > 0)
            {
                if (total > 0) starts.Add(total);
                runs.Add(run);
                total += run.Count;
            }
        }
        if (runs.Count == 1) return runs[0];
        return new LocalWindows(runs.SelectMany(r => r.Raw).ToArray(), runs.SelectMany(r => r.Mask).ToArray(), total, spec.InputSize,
            rowLabels.IsEmpty ? null : runs.SelectMany(r => r.Labels ?? []).ToArray(), [.. starts]);
    }

    /// <summary>
    /// The contiguous runs [From, To) of <paramref name="rowCount"/> rows cut at <paramref name="breaks"/> (ascending row indices, clamped
    /// to the rows), in order, empty ones included: each is windowed on its own.
    /// </summary>
    public static List<(int From, int To)> Runs(int rowCount, ReadOnlySpan<int> breaks)
    {
        var runs = new List<(int From, int To)>(breaks.Length + 1);
        int from = 0;
        for (int b = 0; b <= breaks.Length; b++)
        {
            int to = b < breaks.Length ? Math.Clamp(breaks[b], from, rowCount) : rowCount;
            runs.Add((from, to));
            from = to;
        }
        return runs;
    }

    private static LocalWindows CreateRun(ReadOnlySpan<float> rows, IReadOnlyList<string> sourceFeatures, ModelSpec spec, int stride, ReadOnlySpan<bool> rowLabels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Window stride must be >= 1.");
        var mapping = new FeatureMapping(sourceFeatures, spec.Features);
        int n = rows.Length / mapping.SourceCount, f = spec.FeatureCount, window = spec.Window;
        if (!rowLabels.IsEmpty && rowLabels.Length != n)
            throw new ArgumentException($"{rowLabels.Length} row labels for {n} rows.", nameof(rowLabels));
        if (n < window) return new LocalWindows([], [], 0, spec.InputSize, rowLabels.IsEmpty ? null : []);

        var values = new float[n * f];
        var mask = new float[n * f];
        mapping.Map(rows, values, mask);
        var (rawWindows, maskWindows) = TimeWindows.Create(values, mask, f, window, stride);
        int count = rawWindows.Length / spec.InputSize;
        bool[]? labels = null;
        if (!rowLabels.IsEmpty)
        {
            labels = new bool[count];
            for (int w = 0; w < count; w++)
                labels[w] = rowLabels.Slice(w * stride, window).Contains(true);
        }
        return new LocalWindows(rawWindows, maskWindows, count, spec.InputSize, labels);
    }

    /// <summary>The last <paramref name="count"/> windows.</summary>
    public LocalWindows TakeLast(int count)
    {
        int k = Math.Clamp(count, 0, Count), skip = (Count - k) * InputSize;
        int first = Count - k;
        return new LocalWindows(Raw[skip..], Mask[skip..], k, InputSize, Labels?[first..], SegmentStarts.Where(w => w > first).Select(w => w - first).ToArray());
    }

    /// <summary>Normalized samples for training and in-process scoring.</summary>
    public SampleSet ToSampleSet(FeatureNormalization normalization) => SampleSet.FromRaw(Raw, Mask, InputSize, normalization);
}
