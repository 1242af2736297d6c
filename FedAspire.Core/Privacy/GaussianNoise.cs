using System.Security.Cryptography;

namespace FedAspire.Core.Privacy;

/// <summary>Gaussian noise, seeded (the same seed gives the same noise on every run and machine) or from the operating system's CSPRNG.</summary>
public static class GaussianNoise
{
    /// <summary>
    /// Adds independent N(0, std^2) noise to every value: from <see cref="Random"/> seeded with <paramref name="seed"/> (reproducible
    /// experiments), or, when <paramref name="seed"/> is null, from <see cref="RandomNumberGenerator"/>, so nobody who knows the run's
    /// seed can regenerate and subtract the noise.
    /// </summary>
    /// <remarks><see cref="Random(int)"/> with a seed keeps its legacy generator in every .NET version, so seeded runs stay bit-identical.</remarks>
    public static void Add(Span<float> values, double std, int? seed)
    {
        if (!(std >= 0) || !double.IsFinite(std)) throw new ArgumentOutOfRangeException(nameof(std), std, "The noise std must be >= 0 and finite.");
        Func<double> uniform = seed is { } s ? new Random(s).NextDouble : CryptoUniform;
        // Box-Muller: u1 in (0, 1], u2 in [0, 1): r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2), two normals per pair.
        for (int i = 0; i < values.Length; i += 2)
        {
            double r = std * Math.Sqrt(-2 * Math.Log(1 - uniform()));
            double angle = 2 * Math.PI * uniform();
            values[i] += (float)(r * Math.Cos(angle));
            if (i + 1 < values.Length) values[i + 1] += (float)(r * Math.Sin(angle));
        }
    }

    // 53 random bits / 2^53 from the OS CSPRNG: uniform on [0, 1), every double of that grid equally likely.
    private static double CryptoUniform() =>
        (RandomNumberGenerator.GetInt32(1 << 26) * (double)(1 << 27) + RandomNumberGenerator.GetInt32(1 << 27)) / (1L << 53);
}
