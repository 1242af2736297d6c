namespace FedAspire.Core.Data.Heterogeneity;

/// <summary>Exact distances between label distributions and between two empirical 1-D samples.</summary>
public static class DistributionDistance
{
    /// <summary>
    /// Jensen-Shannon divergence in bits (log base 2), so it lies in [0, 1]: JS = H(M) - (H(P) + H(Q)) / 2 with M = (P + Q) / 2.
    /// Inputs are counts or probabilities (each normalized here); SciPy's <c>jensenshannon(p, q, base=2)</c> is the square root of this.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException($"Distributions have {p.Length} and {q.Length} categories.", nameof(q));
        double sp = 0, sq = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] < 0 || q[i] < 0 || !double.IsFinite(p[i]) || !double.IsFinite(q[i])) throw new ArgumentException($"Category {i} has a negative or non-finite weight.", nameof(p));
            sp += p[i];
            sq += q[i];
        }
        if (sp <= 0 || sq <= 0) return double.NaN;
        double js = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            if (a > 0) js += 0.5 * a * Math.Log2(a / m);
            if (b > 0) js += 0.5 * b * Math.Log2(b / m);
        }
        return Math.Clamp(js, 0, 1);
    }

    /// <summary>
    /// Wasserstein-1 distance between the empirical distributions of two ascending-sorted samples:
    /// W1 = integral |F_a(x) - F_b(x)| dx, computed exactly by merging (O(n + m)); NaN when either is empty.
    /// </summary>
    public static double Wasserstein1Sorted(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.IsEmpty || b.IsEmpty) return double.NaN;
        int i = 0, j = 0;
        double na = a.Length, nb = b.Length, sum = 0;
        double x = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            double next = i < a.Length && (j >= b.Length || a[i] <= b[j]) ? a[i] : b[j];
            sum += Math.Abs(i / na - j / nb) * (next - x);
            x = next;
            while (i < a.Length && a[i] == next) i++;
            while (j < b.Length && b[j] == next) j++;
        }
        return sum;
    }

    /// <summary>Wasserstein-1 of unsorted samples (NaN values ignored); sorts copies.</summary>
    public static double Wasserstein1(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Wasserstein1Sorted(SortedFinite(a), SortedFinite(b));

    /// <summary>
    /// Two-sample Kolmogorov-Smirnov test on ascending-sorted samples: D = sup |F_a - F_b| (exact, ties handled) and the
    /// asymptotic two-sided p-value Q_KS(sqrt(en) D) with en = n m / (n + m), i.e. SciPy's <c>kstwobign.sf(sqrt(en) * D)</c>.
    /// </summary>
    public static (double Statistic, double PValue) KolmogorovSmirnovSorted(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.IsEmpty || b.IsEmpty) return (double.NaN, double.NaN);
        int i = 0, j = 0;
        double na = a.Length, nb = b.Length, d = 0;
        while (i < a.Length || j < b.Length)
        {
            float next = i < a.Length && (j >= b.Length || a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == next) i++;
            while (j < b.Length && b[j] == next) j++;
            d = Math.Max(d, Math.Abs(i / na - j / nb));
        }
        double en = na * nb / (na + nb);
        return (d, KolmogorovSurvival(Math.Sqrt(en) * d));
    }

    /// <summary>Two-sample KS on unsorted samples (NaN values ignored).</summary>
    public static (double Statistic, double PValue) KolmogorovSmirnov(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        KolmogorovSmirnovSorted(SortedFinite(a), SortedFinite(b));

    /// <summary>
    /// Survival function of the Kolmogorov distribution, Q(l) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 l^2); for small l the
    /// equivalent theta-function form 1 - sqrt(2 pi)/l sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 l^2)) converges faster.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (double.IsNaN(lambda)) return double.NaN;
        if (lambda <= 0) return 1;
        if (lambda < 1.18)
        {
            double s = 0, c = Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k <= 20; k++)
            {
                double term = Math.Exp(-(2 * k - 1) * (2 * k - 1) * c);
                s += term;
                if (term < 1e-17) break;
            }
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * s, 0, 1);
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-17) break;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>The non-NaN values, sorted ascending.</summary>
    public static float[] SortedFinite(ReadOnlySpan<float> values)
    {
        int n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) n++;
        var result = new float[n];
        n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) result[n++] = v;
        Array.Sort(result);
        return result;
    }
}
