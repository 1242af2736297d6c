using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class ParameterLayoutTests
{
    private static string[] Features(int n) => Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();

    [Fact]
    public void Bearing_dense_autoencoder_has_the_expected_parameter_count_and_offsets()
    {
        var layout = new ParameterLayout(ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]));

        // 8*16+16 + 16*4+4 + 4*16+16 + 16*8+8
        Assert.Equal(428, layout.ParameterCount);
        Assert.Equal(0, layout.Layers[0].WeightOffset);
        Assert.Equal(128, layout.Layers[0].BiasOffset);
        Assert.Equal(144, layout.Layers[1].WeightOffset);
        Assert.Equal(8, layout.Layers[^1].OutputSize);
    }

    [Theory]
    [InlineData(10, new[] { 16, 8 })]
    [InlineData(32, new[] { 32, 16, 8 })]
    [InlineData(7, new[] { 4 })]
    public void Conv_autoencoder_lengths_round_trip(int window, int[] channels)
    {
        var spec = ModelSpec.ConvAutoencoder(Features(5), window, channels);
        var layout = new ParameterLayout(spec);

        Assert.True(spec.IsConvolutional);
        Assert.Equal(5, layout.Layers[^1].OutputChannels);
        Assert.Equal(window, layout.Layers[^1].OutputLength);
        Assert.Equal(2 * channels.Length, spec.Layers.Count);
    }

    [Fact]
    public void A_spec_that_does_not_reproduce_its_input_is_rejected_with_the_shapes()
    {
        var spec = new ModelSpec(Features(4), 1, [LayerSpec.Dense(3, Activation.Relu)]);
        var e = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.Contains("reproduce its input", e.Message);
    }

    [Fact]
    public void Duplicate_feature_names_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelSpec.DenseAutoencoder(["a", "a"], [1]));
        Assert.Contains("unique", e.Message);
    }
}
