using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class TrainingTests
{
    private static string[] Features(int n) => Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();

    // 8 sensors = fixed mixes of 2 latent factors + small noise: a rank-2 structure an autoencoder can learn.
    private static float[] CorrelatedSensors(int rows, int seed)
    {
        var random = new Random(seed);
        double[,] mixing = { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 1, -1 }, { 2, 0.5 }, { -0.5, 1.5 }, { 0.3, -2 }, { 1.2, 0.7 } };
        var raw = new float[rows * 8];
        for (int r = 0; r < rows; r++)
        {
            double a = Gaussian(random), b = Gaussian(random);
            for (int f = 0; f < 8; f++) raw[r * 8 + f] = (float)(10 + 3 * f + mixing[f, 0] * a + mixing[f, 1] * b + 0.05 * Gaussian(random));
        }
        return raw;
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static FeatureNormalization Fit(float[] raw, int features)
    {
        var mean = new float[features];
        var std = new float[features];
        int rows = raw.Length / features;
        for (int f = 0; f < features; f++)
        {
            double m = 0, s = 0;
            for (int r = 0; r < rows; r++) m += raw[r * features + f];
            m /= rows;
            for (int r = 0; r < rows; r++) s += (raw[r * features + f] - m) * (raw[r * features + f] - m);
            mean[f] = (float)m;
            std[f] = (float)Math.Sqrt(s / rows);
        }
        return new FeatureNormalization(mean, std);
    }

    private static float Quantile(float[] values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[(int)Math.Ceiling(q * (sorted.Length - 1))];
    }

    [Fact]
    public void Dense_autoencoder_learns_correlated_sensors_and_flags_broken_correlation()
    {
        var train = CorrelatedSensors(3000, 1);
        var normalization = Fit(train, 8);
        var data = SampleSet.FromRaw(train, [], 8, normalization);
        var model = Autoencoder.Create(ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]), seed: 7);

        var result = new LocalTrainer(model, new TrainingOptions(Epochs: 40, BatchSize: 64, LearningRate: 5e-3f, Seed: 3)).Train(data, null, TestContext.Current.CancellationToken);

        Assert.Equal(3000, result.Samples);
        Assert.Equal(40 * 47, result.Steps);
        Assert.True(result.FinalLoss < result.InitialLoss / 10, $"loss {result.InitialLoss} -> {result.FinalLoss}");
        Assert.Equal(model.Loss(data), result.FinalLoss, 1e-6);

        var test = CorrelatedSensors(1000, 2);
        var normalScores = new float[1000];
        model.Score(SampleSet.FromRaw(test, [], 8, normalization), normalScores);
        float p99 = Quantile(normalScores, 0.99);

        // Break the correlation: shift one sensor by 2 of its standard deviations, a value well inside its normal range.
        var anomalous = (float[])test.Clone();
        for (int r = 0; r < 200; r++) anomalous[r * 8 + r % 8] += 2 * normalization.Std[r % 8] * (r % 2 == 0 ? 1 : -1);
        var anomalyScores = new float[200];
        model.Score(SampleSet.FromRaw(anomalous.AsSpan(0, 200 * 8), [], 8, normalization), anomalyScores);
        Assert.All(anomalyScores, s => Assert.True(s > p99, $"anomaly score {s} <= normal p99 {p99}"));
    }

    [Fact]
    public void Conv_autoencoder_learns_windows_of_smooth_signals()
    {
        const int features = 4, window = 16, count = 600;
        var random = new Random(5);
        var values = new float[count * window * features];
        for (int s = 0; s < count; s++)
        {
            double phase = random.NextDouble() * 2 * Math.PI, frequency = 0.15 + 0.1 * random.NextDouble();
            for (int t = 0; t < window; t++)
                for (int f = 0; f < features; f++)
                    values[(s * window + t) * features + f] = (float)Math.Sin(frequency * t * (1 + 0.3 * f) + phase + f);
        }
        var data = new SampleSet(values, null, window * features);
        var model = Autoencoder.Create(ModelSpec.ConvAutoencoder(Features(features), window, [16, 8]), seed: 1);

        var result = new LocalTrainer(model, new TrainingOptions(Epochs: 30, BatchSize: 32, LearningRate: 3e-3f, Seed: 1)).Train(data, null, TestContext.Current.CancellationToken);

        Assert.True(result.FinalLoss < result.InitialLoss / 5, $"loss {result.InitialLoss} -> {result.FinalLoss}");
    }

    [Fact]
    public void Masked_training_converges_and_scores_ignore_masked_values()
    {
        var raw = CorrelatedSensors(2000, 3);
        var normalization = Fit(raw, 8);
        var random = new Random(4);
        var mask = new float[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            mask[i] = random.NextDouble() < 0.3 ? 0f : 1f;
            if (mask[i] == 0f) raw[i] = float.NaN;
        }
        var data = SampleSet.FromRaw(raw, mask, 8, normalization);
        var model = Autoencoder.Create(ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]), seed: 2);

        var result = new LocalTrainer(model, new TrainingOptions(Epochs: 30, LearningRate: 5e-3f, Seed: 5)).Train(data, null, TestContext.Current.CancellationToken);
        Assert.True(result.FinalLoss < result.InitialLoss / 5, $"loss {result.InitialLoss} -> {result.FinalLoss}");

        var before = new float[data.Count];
        model.Score(data, before);
        var changed = (float[])raw.Clone();
        for (int i = 0; i < changed.Length; i++) if (mask[i] == 0f) changed[i] = 1e6f;
        var after = new float[data.Count];
        model.Score(SampleSet.FromRaw(changed, mask, 8, normalization), after);
        Assert.Equal(before, after);

        // Observed values do count: changing one moves its sample's score.
        int observed = Array.IndexOf(mask, 1f);
        changed[observed] += 5 * normalization.Std[observed % 8];
        model.Score(SampleSet.FromRaw(changed, mask, 8, normalization), after);
        Assert.NotEqual(before[observed / 8], after[observed / 8]);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void Training_is_bit_identical_for_a_seed_and_differs_across_seeds(OptimizerKind optimizer)
    {
        var spec = ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]);
        var data = SampleSet.FromRaw(CorrelatedSensors(500, 6), [], 8, Fit(CorrelatedSensors(500, 6), 8));
        float[] Run(int createSeed, int trainSeed)
        {
            var model = Autoencoder.Create(spec, createSeed);
            new LocalTrainer(model, new TrainingOptions(Epochs: 3, BatchSize: 50, LearningRate: 1e-2f, Optimizer: optimizer, Seed: trainSeed)).Train(data, null, TestContext.Current.CancellationToken);
            return model.Parameters;
        }
        var first = Run(1, 1);
        Assert.Equal(first, Run(1, 1));
        Assert.NotEqual(first, Run(1, 2));
        Assert.NotEqual(first, Run(2, 1));

        var conv = ModelSpec.ConvAutoencoder(Features(2), 8, [4]);
        var windows = new SampleSet(Enumerable.Range(0, 16 * 40).Select(i => MathF.Sin(i * 0.3f)).ToArray(), null, 16);
        float[] RunConv(int seed)
        {
            var model = Autoencoder.Create(conv, 3);
            new LocalTrainer(model, new TrainingOptions(Epochs: 2, BatchSize: 8, Optimizer: optimizer, Seed: seed)).Train(windows, null, TestContext.Current.CancellationToken);
            return model.Parameters;
        }
        Assert.Equal(RunConv(4), RunConv(4));
        Assert.NotEqual(RunConv(4), RunConv(5));
    }

    [Fact]
    public void Batch_buffers_reused_across_trainers_on_a_thread_give_the_same_results_as_fresh_ones()
    {
        // Device-sized sets (8 samples, batch 8): the per-thread cache hands the same buffers from one trainer to the next.
        var spec = ModelSpec.DenseAutoencoder(Features(8), [4]);
        var raw = CorrelatedSensors(8, 11);
        var normalization = Fit(CorrelatedSensors(200, 12), 8);
        var clean = SampleSet.FromRaw(raw, [], 8, normalization);
        var maskedRaw = CorrelatedSensors(8, 13);
        var mask = new float[maskedRaw.Length];
        for (int i = 0; i < mask.Length; i++) if (i % 3 == 0) maskedRaw[i] = float.NaN; else mask[i] = 1f;
        var masked = SampleSet.FromRaw(maskedRaw, mask, 8, normalization);
        var options = new TrainingOptions(Epochs: 2, BatchSize: 8, LearningRate: 1e-2f, Seed: 7);

        (float[] Parameters, float[] Scores) TrainAndScore(SampleSet data)
        {
            var model = Autoencoder.Create(spec, 3);
            new LocalTrainer(model, options).Train(data);
            var scores = new float[data.Count];
            model.Score(data, scores);
            return (model.Parameters, scores);
        }
        (float[] Parameters, float[] Scores) OnNewThread(Func<(float[], float[])> work)
        {
            (float[], float[]) result = default;
            var thread = new Thread(() => result = work());
            thread.Start();
            thread.Join();
            return result;
        }

        var fresh = OnNewThread(() => TrainAndScore(clean));
        var reused = OnNewThread(() =>
        {
            // Dirty every buffer of the same shape with other (masked) data and another model first.
            TrainAndScore(masked);
            var other = Autoencoder.Create(spec, 9);
            new LocalTrainer(other, options with { Seed = 8 }).Train(masked);
            return TrainAndScore(clean);
        });
        Assert.Equal(fresh.Parameters, reused.Parameters);
        Assert.Equal(fresh.Scores, reused.Scores);
        Assert.NotEqual(fresh.Parameters, OnNewThread(() => TrainAndScore(masked)).Parameters);
    }

    [Fact]
    public void Fedprox_keeps_parameters_closer_to_the_global_model()
    {
        var spec = ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]);
        var data = SampleSet.FromRaw(CorrelatedSensors(800, 8), [], 8, Fit(CorrelatedSensors(800, 8), 8));
        var global = Autoencoder.Create(spec, 9).Parameters;
        double Drift(float mu)
        {
            var model = new Autoencoder(spec, (float[])global.Clone());
            new LocalTrainer(model, new TrainingOptions(Epochs: 5, LearningRate: 1e-2f, ProximalMu: mu)).Train(data, global, TestContext.Current.CancellationToken);
            return model.Parameters.Zip(global, (a, b) => (double)(a - b) * (a - b)).Sum();
        }
        double free = Drift(0f), proximal = Drift(1f);
        Assert.True(proximal < 0.5 * free, $"drift with mu=1 {proximal} vs without {free}");
    }

    [Fact]
    public void Score_is_the_masked_mean_squared_error_of_the_reconstruction()
    {
        var spec = ModelSpec.ConvAutoencoder(Features(3), 6, [4]);
        var model = Autoencoder.Create(spec, 1);
        var random = new Random(2);
        var values = Enumerable.Range(0, 5 * 18).Select(_ => (float)random.NextDouble()).ToArray();
        var mask = Enumerable.Range(0, values.Length).Select(i => i % 18 == 0 || i % 7 == 3 ? 0f : 1f).ToArray();
        for (int i = 18; i < 36; i++) mask[i] = 0f; // one sample with nothing observed scores 0
        var data = new SampleSet(values, mask, 18);
        var reconstruction = new float[values.Length];
        var scores = new float[5];
        model.Reconstruct(data, reconstruction);
        model.Score(data, scores);
        for (int s = 0; s < 5; s++)
        {
            double sum = 0, observed = 0;
            for (int i = s * 18; i < (s + 1) * 18; i++)
            {
                sum += mask[i] * (reconstruction[i] - data.Values[i]) * (reconstruction[i] - data.Values[i]);
                observed += mask[i];
            }
            Assert.Equal(sum / Math.Max(observed, 1), scores[s], 1e-6);
        }
        Assert.Equal(0f, scores[1]);
        Assert.Equal(scores.Average(), model.Loss(data), 1e-6);
    }
}
