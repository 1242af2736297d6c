using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class LearningInputValidationTests
{
    private static readonly ModelSpec Spec = ModelSpec.DenseAutoencoder(["a", "b", "c"], [2]);

    [Fact]
    public void Sample_set_rejects_ragged_values_and_mismatched_masks()
    {
        Assert.Contains("whole number of samples of 3", Assert.Throws<ArgumentException>(() => new SampleSet(new float[7], null, 3)).Message);
        Assert.Contains("mask holds 5", Assert.Throws<ArgumentException>(() => new SampleSet(new float[6], new float[5], 3)).Message);
        Assert.Contains("0 or 1", Assert.Throws<ArgumentException>(() => new SampleSet(new float[3], [1f, 0.5f, 1f], 3)).Message);
    }

    [Fact]
    public void Sample_set_names_the_sample_and_column_of_a_non_finite_observed_value()
    {
        var values = new float[6];
        values[5] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => new SampleSet(values, null, 3));
        Assert.Contains("sample 1, column 2", e.Message);
        values[5] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => new SampleSet(values, null, 3));
        // The same NaN is fine where the mask says missing, and reads as 0.
        var masked = new SampleSet(values, [1, 1, 1, 1, 1, 0], 3);
        Assert.Equal(0f, masked.Values[5]);
        Assert.True(float.IsPositiveInfinity(values[5]), "the caller's array must not be modified");
    }

    [Fact]
    public void Autoencoder_rejects_wrong_parameter_counts_and_non_finite_parameters()
    {
        Assert.Contains("needs 17 parameters, got 3", Assert.Throws<ArgumentException>(() => new Autoencoder(Spec, new float[3])).Message);
        var parameters = new float[17];
        parameters[12] = float.NaN;
        Assert.Contains("Parameter 12 (layer 1 weight)", Assert.Throws<ArgumentException>(() => new Autoencoder(Spec, parameters)).Message);
    }

    [Fact]
    public void Training_and_scoring_reject_mis_shaped_or_empty_data()
    {
        var model = Autoencoder.Create(Spec, 1);
        var trainer = new LocalTrainer(model, new TrainingOptions());
        var wrong = new SampleSet(new float[8], null, 4);
        Assert.Contains("model reads 3", Assert.Throws<ArgumentException>(() => trainer.Train(wrong, null, TestContext.Current.CancellationToken)).Message);
        Assert.Contains("model reads 3", Assert.Throws<ArgumentException>(() => model.Score(wrong, new float[2])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => trainer.Train(new SampleSet([], null, 3), null, TestContext.Current.CancellationToken)).Message);
        Assert.Contains("scores holds 1", Assert.Throws<ArgumentException>(() => model.Score(new SampleSet(new float[6], null, 3), new float[1])).Message);
    }

    [Fact]
    public void Training_rejects_bad_options_anchors_and_corrupted_parameters()
    {
        var model = Autoencoder.Create(Spec, 1);
        var data = new SampleSet([1, 2, 3, 4, 5, 6], null, 3);
        Assert.Throws<ArgumentException>(() => new LocalTrainer(model, new TrainingOptions(BatchSize: 0)));
        Assert.Throws<ArgumentException>(() => new LocalTrainer(model, new TrainingOptions(LearningRate: float.NaN)));
        Assert.Throws<ArgumentException>(() => new LocalTrainer(model, new TrainingOptions(ProximalMu: -1)));
        var prox = new LocalTrainer(model, new TrainingOptions(ProximalMu: 0.1f));
        Assert.Contains("globalParameters holds 2", Assert.Throws<ArgumentException>(() => prox.Train(data, new float[2], TestContext.Current.CancellationToken)).Message);

        model.Parameters[3] = float.PositiveInfinity;
        Assert.Contains("Parameter 3", Assert.Throws<ArgumentException>(() => new LocalTrainer(model, new TrainingOptions()).Train(data, null, TestContext.Current.CancellationToken)).Message);
    }

    [Fact]
    public void Divergence_is_reported_instead_of_returning_nan_parameters()
    {
        var model = Autoencoder.Create(Spec, 1);
        var data = new SampleSet(Enumerable.Range(0, 300).Select(i => (float)(i % 7)).ToArray(), null, 3);
        var trainer = new LocalTrainer(model, new TrainingOptions(Epochs: 5, LearningRate: 1e30f, Optimizer: OptimizerKind.Sgd));
        Assert.Contains("diverged", Assert.Throws<InvalidOperationException>(() => trainer.Train(data, null, TestContext.Current.CancellationToken)).Message);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var model = Autoencoder.Create(Spec, 1);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => new LocalTrainer(model, new TrainingOptions()).Train(new SampleSet(new float[30], null, 3), null, cancel.Token));
    }
}
