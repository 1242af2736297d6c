using System.Numerics.Tensors;

namespace FedAspire.Core.Learning;

/// <summary>A mergeable fixed-bin summary of anomaly scores: clients send histograms, the server merges them and reads a federated threshold.</summary>
/// <remarks>
/// <para>Bins are log-spaced over [Lower, Upper) with ratio r = (Upper / Lower)^(1 / BinCount); every client uses the same edges, so
/// merging adds counts. Values below Lower (including 0) go to an underflow count, values at or above Upper to an overflow count;
/// exact Min and Max are kept.</para>
/// <para><see cref="Quantile"/> uses the same definition as <see cref="AnomalyThreshold.Quantile"/> (numpy "linear"):
/// h = (n - 1) q, j = floor h, g = h - j, Q = x(j) + g (x(j+1) - x(j)), where each order statistic x(i) is replaced by the geometric
/// centre of its bin, clamped to [Min, Max] (ranks 0 and n - 1 return Min and Max exactly). Each replaced order statistic is off by a
/// factor within [r^-1/2, r^1/2], so for positive scores the interpolated result satisfies |Q_hist - Q| &lt;= (sqrt(r) - 1) Q
/// (<see cref="QuantileErrorBound"/>, about 0.677% for the defaults 1e-6..1e6 with 2048 bins), up to double rounding of the bin edges,
/// whenever x(j) and x(j+1) lie inside [Lower, Upper). Outside the range: an underflow rank returns the middle of [Min, Lower)
/// (absolute error &lt;= Lower / 2 for non-negative scores) and an overflow rank returns sqrt(Upper x Max) (relative error
/// &lt;= sqrt(Max / Upper) - 1).</para>
/// </remarks>
[GenerateSerializer]
public sealed class ScoreHistogram
{
    /// <summary>Default lower edge of the binned range.</summary>
    public const double DefaultLower = 1e-6;

    /// <summary>Default upper edge of the binned range.</summary>
    public const double DefaultUpper = 1e6;

    /// <summary>Default number of log-spaced bins.</summary>
    public const int DefaultBinCount = 2048;

    private ScoreHistogram(double lower, double upper, int binCount)
    {
        Lower = lower;
        Upper = upper;
        Counts = new long[binCount];
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    /// <summary>Lower edge of the first bin.</summary>
    [Id(0)] public double Lower { get; private set; }

    /// <summary>Upper edge of the last bin.</summary>
    [Id(1)] public double Upper { get; private set; }

    /// <summary>Counts per log-spaced bin.</summary>
    [Id(2)] public long[] Counts { get; private set; }

    /// <summary>Scores below <see cref="Lower"/>.</summary>
    [Id(3)] public long Underflow { get; private set; }

    /// <summary>Scores at or above <see cref="Upper"/>.</summary>
    [Id(4)] public long Overflow { get; private set; }

    /// <summary>Smallest score seen (+infinity when empty).</summary>
    [Id(5)] public double Min { get; private set; }

    /// <summary>Largest score seen (-infinity when empty).</summary>
    [Id(6)] public double Max { get; private set; }

    /// <summary>Number of log-spaced bins.</summary>
    public int BinCount => Counts.Length;

    /// <summary>Total number of scores summarized.</summary>
    public long Total
    {
        get
        {
            long total = Underflow + Overflow;
            foreach (var c in Counts) total += c;
            return total;
        }
    }

    /// <summary>Ratio between consecutive bin edges, r = (Upper / Lower)^(1 / BinCount).</summary>
    public double BinRatio => Math.Exp(LogWidth);

    /// <summary>Relative error bound sqrt(r) - 1 of <see cref="Quantile"/> when the bracketing order statistics are inside [Lower, Upper).</summary>
    public double QuantileErrorBound => Math.Exp(LogWidth / 2) - 1;

    private double LogWidth => (Math.Log(Upper) - Math.Log(Lower)) / BinCount;

    /// <summary>An empty histogram with log-spaced bins over [<paramref name="lower"/>, <paramref name="upper"/>); all parties must use the same arguments.</summary>
    public static ScoreHistogram Create(double lower = DefaultLower, double upper = DefaultUpper, int binCount = DefaultBinCount)
    {
        if (!(lower > 0) || !double.IsFinite(upper) || !(upper > lower))
            throw new ArgumentException($"Histogram range must satisfy 0 < lower < upper < infinity; got [{lower}, {upper}).");
        if (binCount is < 1 or > 1 << 20)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "Bin count must be in [1, 2^20].");
        return new ScoreHistogram(lower, upper, binCount);
    }

    /// <summary>
    /// Rebuilds a histogram received from another node; throws <see cref="ArgumentException"/> naming the first inconsistency
    /// (bins, negative counts, or Min/Max that do not fit the counts).
    /// </summary>
    public static ScoreHistogram FromCounts(double lower, double upper, long[] counts, long underflow, long overflow, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var histogram = Create(lower, upper, counts.Length);
        if (underflow < 0 || overflow < 0) throw new ArgumentException($"Underflow {underflow} and overflow {overflow} must be non-negative.");
        for (int i = 0; i < counts.Length; i++)
            if (counts[i] < 0) throw new ArgumentException($"Bin {i}: negative count {counts[i]}.");
        counts.CopyTo(histogram.Counts, 0);
        histogram.Underflow = underflow;
        histogram.Overflow = overflow;
        if (histogram.Total == 0) return histogram;
        if (double.IsNaN(min) || double.IsNaN(max) || double.IsInfinity(min) || double.IsInfinity(max) || min > max)
            throw new ArgumentException($"A histogram with {histogram.Total} scores needs finite Min <= Max; got {min} and {max}.");
        histogram.Min = min;
        histogram.Max = max;
        return histogram;
    }

    /// <summary>Adds scores; NaN or infinite scores are rejected with their index.</summary>
    public void Add(ReadOnlySpan<float> scores)
    {
        double logLower = Math.Log(Lower), binsPerLog = 1 / LogWidth;
        for (int i = 0; i < scores.Length; i++)
        {
            double x = scores[i];
            if (!double.IsFinite(x)) throw new ArgumentException($"Score {i} is not finite ({x}).", nameof(scores));
            if (x < Min) Min = x;
            if (x > Max) Max = x;
            if (x < Lower) { Underflow++; continue; }
            if (x >= Upper) { Overflow++; continue; }
            int b = (int)((Math.Log(x) - logLower) * binsPerLog);
            Counts[Math.Clamp(b, 0, Counts.Length - 1)]++;
        }
    }

    /// <summary>The histogram of both inputs' scores; they must share Lower, Upper and BinCount. Inputs are unchanged.</summary>
    public static ScoreHistogram Merge(ScoreHistogram a, ScoreHistogram b)
    {
        ArgumentNullException.ThrowIfNull(a);
        var merged = new ScoreHistogram(a.Lower, a.Upper, a.BinCount);
        merged.Add(a);
        merged.Add(b);
        return merged;
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s counts to this histogram in place (they must share Lower, Upper and BinCount): an edge
    /// aggregator folds thousands of summaries into one accumulator without a new bin array per summary.
    /// </summary>
    public void Add(ScoreHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Lower != other.Lower || Upper != other.Upper || BinCount != other.BinCount)
            throw new ArgumentException(
                $"Histograms with different bins cannot merge: [{Lower}, {Upper}) x {BinCount} vs [{other.Lower}, {other.Upper}) x {other.BinCount}.", nameof(other));
        Underflow += other.Underflow;
        Overflow += other.Overflow;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        TensorPrimitives.Add<long>(Counts, other.Counts, Counts);
    }

    /// <summary>
    /// A new histogram of every score multiplied by <paramref name="factor"/> (&gt; 0): on log-spaced bins that is a shift by
    /// ln(factor) / ln(r) bins, rounded to the nearest bin, so each moved score is off by at most a factor r^(1/2) more than
    /// <see cref="QuantileErrorBound"/> already allows. Counts shifted past either end join the underflow or overflow.
    /// </summary>
    public ScoreHistogram Rescaled(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale factor must be positive and finite.");
        var scaled = new ScoreHistogram(Lower, Upper, BinCount) { Underflow = Underflow, Overflow = Overflow };
        if (Total == 0) return scaled;
        scaled.Min = Min * factor;
        scaled.Max = Max * factor;
        int shift = (int)Math.Round(Math.Log(factor) / LogWidth);
        for (int b = 0; b < Counts.Length; b++)
        {
            int to = b + shift;
            if (to < 0) scaled.Underflow += Counts[b];
            else if (to >= Counts.Length) scaled.Overflow += Counts[b];
            else scaled.Counts[to] += Counts[b];
        }
        return scaled;
    }

    /// <summary>The q-quantile (numpy "linear" definition) of the summarized scores, within <see cref="QuantileErrorBound"/> (see remarks).</summary>
    public float Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile level must be in [0, 1].");
        long n = Total;
        if (n == 0) throw new InvalidOperationException("The histogram is empty; no quantile exists.");
        double h = (n - 1) * q;
        long j = (long)Math.Floor(h);
        double g = h - j;
        double low = ValueAtRank(j, n);
        if (g == 0 || j + 1 >= n) return (float)low;
        double high = ValueAtRank(j + 1, n);
        return (float)(low + g * (high - low));
    }

    /// <summary>Estimate of the 0-based order statistic <paramref name="rank"/> of <paramref name="n"/> scores.</summary>
    private double ValueAtRank(long rank, long n)
    {
        if (rank == 0) return Min;
        if (rank == n - 1) return Max;
        if (rank < Underflow) return (Min + Math.Min(Lower, Max)) / 2;
        long cumulative = Underflow;
        double logLower = Math.Log(Lower), width = LogWidth;
        for (int b = 0; b < Counts.Length; b++)
        {
            cumulative += Counts[b];
            if (rank < cumulative) return Math.Clamp(Math.Exp(logLower + (b + 0.5) * width), Min, Max);
        }
        return Math.Clamp(Math.Sqrt(Upper * Max), Min, Max);
    }
}
