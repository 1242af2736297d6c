namespace FedAspire.Core.Aggregation;

/// <summary>Coordinate-wise median (Yin et al. 2018), unweighted as in Flower's FedMedian; even N averages the two middle values (numpy).</summary>
public sealed class FedMedian : CoordinateWiseStrategy
{
    /// <summary>Creates the median strategy.</summary>
    public FedMedian() : base("fedmedian")
    {
    }

    /// <inheritdoc />
    protected override float Reduce(ReadOnlySpan<float> sorted)
    {
        int n = sorted.Length, mid = n / 2;
        return (n & 1) == 1 ? sorted[mid] : (float)(((double)sorted[mid - 1] + sorted[mid]) * 0.5);
    }
}
