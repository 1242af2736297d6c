using FedAspire.Core.Aggregation;
using FedAspire.Core.Privacy;

namespace FedAspire.Tests.Privacy;

[Trait("Area", "Privacy")]
public sealed class GaussianMechanismTests
{
    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(1.1, 0.3)]
    [InlineData(4.0, 2.0)]
    public void Local_noise_has_mean_zero_and_std_z_times_clip(double z, double clip)
    {
        // 200,000 draws: the sample std is within 1 % of sigma with overwhelming probability (its relative std error is 1/sqrt(2n) = 0.16 %).
        const int n = 200_000;
        var global = new float[n];
        var options = new PrivacyOptions { Mode = PrivacyOptions.Local, Clip = clip, NoiseMultiplier = z };

        var noisy = DifferentialPrivacy.Privatize(global, global, options, seed: 42);

        var (mean, std) = MeanStd(noisy);
        Assert.InRange(std, 0.99 * z * clip, 1.01 * z * clip);
        Assert.InRange(mean, -5 * z * clip / Math.Sqrt(n), 5 * z * clip / Math.Sqrt(n));
        // Gaussian, not just the right std: about 68.27 % within one sigma.
        double within = noisy.Count(v => Math.Abs(v) <= z * clip) / (double)n;
        Assert.InRange(within, 0.6827 - 0.005, 0.6827 + 0.005);
    }

    [Fact]
    public void Central_noise_on_the_mean_has_std_z_times_clip_over_n()
    {
        const int d = 100_000, participants = 4;
        var global = new float[d];
        var updates = Enumerable.Range(0, participants).Select(k => new ClientUpdate($"p{k}", new float[d], 5)).ToList();
        var options = new PrivacyOptions { Mode = PrivacyOptions.Central, Clip = 0.8, NoiseMultiplier = 2 };

        var mean = DifferentialPrivacy.CentralMean(global, updates, options, seed: 9);

        var (_, std) = MeanStd(mean.Parameters);
        Assert.InRange(std, 0.99 * 2 * 0.8 / participants, 1.01 * 2 * 0.8 / participants);
    }

    [Fact]
    public void Seeded_noise_is_identical_run_to_run_and_differs_between_seeds_and_rounds()
    {
        var global = new float[1000];
        var options = new PrivacyOptions { Mode = PrivacyOptions.Local, NoiseSeed = 17 };
        var a = DifferentialPrivacy.Privatize(global, global, options, DifferentialPrivacy.NoiseSeed(options, 3, "f1"));
        var b = DifferentialPrivacy.Privatize(global, global, options, DifferentialPrivacy.NoiseSeed(options, 3, "f1"));
        var otherRound = DifferentialPrivacy.Privatize(global, global, options, DifferentialPrivacy.NoiseSeed(options, 4, "f1"));
        var otherParty = DifferentialPrivacy.Privatize(global, global, options, DifferentialPrivacy.NoiseSeed(options, 3, "f2"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, otherRound);
        Assert.NotEqual(a, otherParty);
    }

    [Fact]
    public void Without_a_noise_seed_the_noise_comes_from_the_csprng_and_still_has_the_right_std()
    {
        var options = new PrivacyOptions { Mode = PrivacyOptions.Local, NoiseMultiplier = 1.5 };
        Assert.Null(DifferentialPrivacy.NoiseSeed(options, 1, "f1"));
        var global = new float[100_000];
        var a = DifferentialPrivacy.Privatize(global, global, options, null);
        var b = DifferentialPrivacy.Privatize(global, global, options, null);
        Assert.NotEqual(a, b);
        Assert.InRange(MeanStd(a).Std, 0.985 * 1.5, 1.015 * 1.5);
    }

    private static (double Mean, double Std) MeanStd(float[] values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance));
    }
}
