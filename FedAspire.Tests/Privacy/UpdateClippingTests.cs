using FedAspire.Core.Aggregation;
using FedAspire.Core.Privacy;

namespace FedAspire.Tests.Privacy;

[Trait("Area", "Privacy")]
public sealed class UpdateClippingTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(7.5)]
    public void Clipping_bounds_the_updates_norm_and_keeps_its_direction(double clip)
    {
        var random = new Random(5);
        var global = Enumerable.Range(0, 1000).Select(_ => (float)random.NextDouble()).ToArray();
        var parameters = global.Select(g => g + 3f * (float)(random.NextDouble() - 0.5)).ToArray();
        var delta = new float[global.Length];

        double before = UpdateClipping.ClipDelta(global, parameters, clip, delta);

        Assert.True(before > clip, "the test update must be larger than the clip");
        Assert.InRange(UpdateClipping.Norm(delta), clip * (1 - 1e-5), clip);
        // Same direction: delta is a positive multiple of parameters - global.
        double scale = clip / before;
        for (int i = 0; i < delta.Length; i++) Assert.Equal((parameters[i] - global[i]) * scale, delta[i], 1e-5);
    }

    [Fact]
    public void An_update_inside_the_bound_is_left_as_it_is()
    {
        float[] global = [1f, 2f, 3f], parameters = [1.1f, 2f, 2.9f];
        var delta = new float[3];
        UpdateClipping.ClipDelta(global, parameters, 1.0, delta);
        Assert.Equal([parameters[0] - global[0], 0f, parameters[2] - global[2]], delta);
    }

    [Fact]
    public void Central_dp_bounds_every_participants_pull_on_the_mean_by_clip_over_n()
    {
        // One participant sends an enormous update; with the noise at the smallest the options allow, the mean moves at most C / n towards it.
        var global = new float[50];
        var honest = new ClientUpdate("a", new float[50], 10);
        var liar = new ClientUpdate("b", Enumerable.Repeat(1e6f, 50).ToArray(), 10);
        var options = new PrivacyOptions { Mode = PrivacyOptions.Central, Clip = 2, NoiseMultiplier = 1e-9 };

        var mean = DifferentialPrivacy.CentralMean(global, [honest, liar], options, seed: 3);

        Assert.InRange(UpdateClipping.Norm(mean.Parameters), 1 - 1e-4, 1 + 1e-4); // C / n = 2 / 2
    }
}
