namespace FedAspire.Core.Learning;

/// <summary>Scores a participant's windows in time order with a <see cref="DriftTracker"/>'s normalization, as live scoring does.</summary>
public static class DriftFollowingScoring
{
    /// <summary>
    /// Windows scored under one snapshot of the means: the means change by at most a chunk's rows / horizon in between, and scoring
    /// one window at a time would cost a model call per window.
    /// </summary>
    public const int Chunk = 32;

    /// <summary>
    /// Scores <paramref name="count"/> time-ordered windows ([count, window x features], stride <paramref name="stride"/> rows) into
    /// <paramref name="scores"/>, each chunk with the tracker's current normalization, then tells the tracker every window's new rows
    /// and whether its score exceeded <paramref name="threshold"/> (use +infinity for normal data, whose every window updates).
    /// </summary>
    /// <remarks><paramref name="segmentStarts"/>: windows (ascending) that begin a new contiguous run of rows after a jump in time.</remarks>
    public static void Score(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, int count, int window, int stride, DriftTracker tracker,
        float threshold, WindowScorer scorer, Span<float> scores, ReadOnlySpan<int> segmentStarts = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(scorer);
        int features = tracker.Normalization.FeatureCount, size = window * features;
        if (raw.Length != count * size || mask.Length != raw.Length || scores.Length != count)
            throw new ArgumentException($"Expected {count} windows of {size} values with masks and {count} scores, got {raw.Length}, {mask.Length} and {scores.Length}.");
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            scorer(raw.Slice(start * size, n * size), mask.Slice(start * size, n * size), n, tracker.Normalization, scores.Slice(start, n));
            for (int w = start; w < start + n; w++)
                tracker.ObserveWindow(raw, mask, w, window, stride, scores[w] > threshold, newRun: segmentStarts.BinarySearch(w) >= 0);
        }
    }
}
