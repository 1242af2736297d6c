namespace FedAspire.Core.Data;

/// <summary>
/// One seeded random source per operation with the draws the data toolkit needs (normal, gamma, Dirichlet, Pareto);
/// wraps <see cref="Random"/>(seed), whose seeded sequence is fixed, so equal seeds give bit-identical results.
/// </summary>
public sealed class SeededRandom(int seed)
{
    private readonly Random _random = new(seed);
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    /// <summary>Standard normal (Box-Muller, the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Exponential with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - _random.NextDouble());

    /// <summary>Gamma(shape, 1) by Marsaglia-Tsang; shapes below 1 use the boost Gamma(a) = Gamma(a+1) * U^(1/a).</summary>
    public double NextGamma(double shape)
    {
        if (shape <= 0) throw new ArgumentOutOfRangeException(nameof(shape), $"Gamma shape must be positive, got {shape}.");
        if (shape < 1) return NextGamma(shape + 1) * Math.Pow(1.0 - _random.NextDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = NextNormal(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = 1.0 - _random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>A Dirichlet(alpha, ..., alpha) draw of length <paramref name="k"/> (sums to 1).</summary>
    public double[] NextDirichlet(double alpha, int k)
    {
        var p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) sum += p[i] = NextGamma(alpha);
        if (sum <= 0 || !double.IsFinite(sum))
        {
            // Tiny alpha can underflow every gamma draw to 0: the limit of Dirichlet as alpha -> 0 puts all mass on one component.
            Array.Clear(p);
            p[Next(k)] = 1;
            return p;
        }
        for (int i = 0; i < k; i++) p[i] /= sum;
        return p;
    }

    /// <summary>Pareto with scale 1 and the given shape (x >= 1).</summary>
    public double NextPareto(double shape) => Math.Pow(1.0 - _random.NextDouble(), -1.0 / shape);

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
