namespace FedAspire.Core.Aggregation;

/// <summary>Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the <see cref="TrimCount"/> lowest and highest values and average the rest (unweighted).</summary>
public sealed class TrimmedMean : CoordinateWiseStrategy
{
    /// <summary>Creates a trimmed mean that drops <paramref name="trimCount"/> values at each end.</summary>
    public TrimmedMean(int trimCount = 1) : base("trimmed-mean")
    {
        if (trimCount < 0) throw new ArgumentOutOfRangeException(nameof(trimCount), trimCount, "Trim count must be >= 0.");
        TrimCount = trimCount;
    }

    /// <summary>Values dropped at each end of every coordinate.</summary>
    public int TrimCount { get; }

    /// <inheritdoc />
    protected override void CheckClientCount(int clientCount)
    {
        if (clientCount <= 2 * TrimCount)
            throw new ArgumentException(
                $"Trimmed mean drops {TrimCount} values at each end, so it needs more than {2 * TrimCount} updates; got {clientCount}.");
    }

    /// <inheritdoc />
    protected override float Reduce(ReadOnlySpan<float> sorted)
    {
        double sum = 0;
        var kept = sorted[TrimCount..^TrimCount];
        for (int i = 0; i < kept.Length; i++) sum += kept[i];
        return (float)(sum / kept.Length);
    }
}
