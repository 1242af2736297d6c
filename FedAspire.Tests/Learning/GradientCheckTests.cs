using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class GradientCheckTests
{
    private static string[] Features(int n) => Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();

    private static SampleSet RandomSamples(int count, int inputSize, int seed, double maskedFraction)
    {
        var random = new Random(seed);
        var values = new float[count * inputSize];
        float[]? mask = maskedFraction > 0 ? new float[values.Length] : null;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
            if (mask is null) continue;
            bool observed = random.NextDouble() >= maskedFraction;
            mask[i] = observed ? 1f : 0f;
            if (!observed) values[i] = float.NaN; // masked readings may be missing entirely
        }
        return new SampleSet(values, mask, inputSize);
    }

    // Biases start at 0 in Create; randomize them so the check covers bias paths and ReLU units on both sides of the kink.
    private static Autoencoder RandomModel(ModelSpec spec, int seed)
    {
        var model = Autoencoder.Create(spec, seed);
        var random = new Random(seed + 1);
        foreach (var l in model.Layout.Layers)
            for (int i = 0; i < l.BiasCount; i++) model.Parameters[l.BiasOffset + i] = (float)(random.NextDouble() * 0.4 - 0.2);
        return model;
    }

    private static void AssertGradientMatches(ModelSpec spec, SampleSet data, double mu = 0, int seed = 3, int every = 1)
    {
        var model = RandomModel(spec, seed);
        float[]? anchor = mu > 0 ? model.Parameters.Select((v, i) => v + (float)Math.Sin(i)).ToArray() : null;
        var analytic = new float[model.Layout.ParameterCount];
        float loss = LocalTrainer.ComputeGradient(model, data, anchor, (float)mu, analytic);

        double referenceLoss = ReferenceAutoencoder.Loss(spec, model.Parameters.Select(v => (double)v).ToArray(), data, mu, anchor);
        Assert.Equal(referenceLoss, loss, 1e-4 * Math.Max(1, Math.Abs(referenceLoss)));

        var numeric = ReferenceAutoencoder.NumericGradient(spec, model.Parameters, data, mu, anchor, every: every);
        double scale = numeric.Max(Math.Abs);
        Assert.True(scale > 1e-3, "the check is vacuous: the gradient is ~0");
        for (int i = 0; i < numeric.Length; i += every)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(error <= 1e-4 * scale + 1e-3 * Math.Abs(numeric[i]),
                $"parameter {i}: analytic {analytic[i]:G6} vs numeric {numeric[i]:G6} (scale {scale:G3})");
        }
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void Dense_gradient_matches_finite_differences(Activation activation)
    {
        var spec = ModelSpec.DenseAutoencoder(Features(5), [7, 3, 9], activation, window: 2);
        AssertGradientMatches(spec, RandomSamples(6, spec.InputSize, 11, 0));
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void Nonlinear_output_layer_gradient_matches(Activation activation)
    {
        var spec = new ModelSpec(Features(6), 1, [LayerSpec.Dense(4, Activation.Tanh), LayerSpec.Dense(6, activation)]);
        AssertGradientMatches(spec, RandomSamples(5, spec.InputSize, 12, 0));
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void Conv_stride_1_and_2_with_output_padding_gradient_matches(Activation activation)
    {
        // window 10: conv s2 p1 -> 5, conv s1 p1 -> 5, convT s2 p1 op1 -> 10, convT s1 p1 -> 10
        var spec = new ModelSpec(Features(3), 10,
        [
            LayerSpec.Conv(5, 3, 2, 1, activation),
            LayerSpec.Conv(4, 3, 1, 1, activation),
            LayerSpec.ConvTranspose(6, 3, 2, 1, 1, activation),
            LayerSpec.ConvTranspose(3, 3, 1, 1, 0, Activation.Identity),
        ]);
        AssertGradientMatches(spec, RandomSamples(4, spec.InputSize, 13, 0));
    }

    [Fact]
    public void Conv_stride_3_without_padding_and_wide_kernels_gradient_matches()
    {
        // window 10: conv k5 s3 p0 -> 2, convT k5 s3 p0 op2 -> 10; then a padded k4 pair 10 -> 11 -> 10
        var spec = new ModelSpec(Features(3), 10,
        [
            LayerSpec.Conv(9, 5, 3, 0, Activation.Tanh),
            LayerSpec.ConvTranspose(4, 5, 3, 0, 2, Activation.Relu),
            LayerSpec.Conv(4, 4, 1, 2, Activation.Sigmoid),
            LayerSpec.ConvTranspose(3, 4, 1, 2, 0, Activation.Identity),
        ]);
        AssertGradientMatches(spec, RandomSamples(3, spec.InputSize, 14, 0));
    }

    [Fact]
    public void Standard_conv_autoencoder_gradient_matches()
    {
        var spec = ModelSpec.ConvAutoencoder(Features(4), 12, [6, 5], Activation.Tanh);
        AssertGradientMatches(spec, RandomSamples(3, spec.InputSize, 15, 0));
    }

    [Fact]
    public void Wide_layers_exercise_every_kernel_tile()
    {
        // Widths 40, 70 and 36 pad to 40, 72 and 40 lanes: 64-, 32-, 16- and 8-column tiles; 9 samples leave a 1-row tail.
        var dense = new ModelSpec(Features(20), 2, [LayerSpec.Dense(70, Activation.Relu), LayerSpec.Dense(36, Activation.Tanh), LayerSpec.Dense(40, Activation.Identity)]);
        AssertGradientMatches(dense, RandomSamples(9, dense.InputSize, 19, 0.1), every: 7);
        // 33 channels pad to 40; k*C' = 120 columns in the transposed convolution's scatter GEMM.
        var conv = new ModelSpec(Features(3), 6, [LayerSpec.Conv(33, 3, 1, 1, Activation.Relu), LayerSpec.ConvTranspose(3, 3, 1, 1, 0, Activation.Identity)]);
        AssertGradientMatches(conv, RandomSamples(5, conv.InputSize, 20, 0), every: 3);
    }

    [Fact]
    public void Masked_loss_gradient_matches_with_missing_values()
    {
        var dense = ModelSpec.DenseAutoencoder(Features(7), [5, 3], Activation.Tanh);
        AssertGradientMatches(dense, RandomSamples(8, dense.InputSize, 16, 0.3));
        var conv = ModelSpec.ConvAutoencoder(Features(3), 8, [4], Activation.Tanh);
        AssertGradientMatches(conv, RandomSamples(4, conv.InputSize, 17, 0.3));
    }

    [Fact]
    public void Fedprox_term_gradient_matches()
    {
        var spec = ModelSpec.DenseAutoencoder(Features(4), [3], Activation.Sigmoid);
        AssertGradientMatches(spec, RandomSamples(5, spec.InputSize, 18, 0.2), mu: 0.5);
    }

    [Fact]
    public void Batched_reconstruction_matches_the_reference_forward_pass()
    {
        var spec = new ModelSpec(Features(3), 10,
        [
            LayerSpec.Conv(5, 3, 2, 1, Activation.Relu),
            LayerSpec.ConvTranspose(3, 3, 2, 1, 1, Activation.Identity),
        ]);
        var model = RandomModel(spec, 21);
        var data = RandomSamples(300, spec.InputSize, 22, 0); // more than one evaluation batch
        var reconstruction = new float[data.Values.Length];
        model.Reconstruct(data, reconstruction);
        var w = model.Parameters.Select(v => (double)v).ToArray();
        for (int s = 0; s < data.Count; s += 37)
        {
            var expected = ReferenceAutoencoder.Forward(spec, w, data.Values.Skip(s * spec.InputSize).Take(spec.InputSize).Select(v => (double)v).ToArray());
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], reconstruction[s * spec.InputSize + i], 1e-5);
        }
    }
}
