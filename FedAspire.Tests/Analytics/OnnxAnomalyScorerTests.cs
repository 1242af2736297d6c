using FedAspire.Scoring;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Learning;
using FedAspire.Tests.Onnx;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class OnnxAnomalyScorerTests
{
    private static (float[] Raw, float[] Mask) Samples(int count, int size, int seed, double missing = 0.2)
    {
        var random = new Random(seed);
        var raw = new float[count * size];
        var mask = new float[count * size];
        for (int i = 0; i < raw.Length; i++)
        {
            bool present = random.NextDouble() >= missing;
            mask[i] = present ? 1f : 0f;
            raw[i] = present ? (float)(random.NextDouble() * 4 - 2) : float.NaN;
        }
        return (raw, mask);
    }

    [Fact]
    public void Reads_federation_version_features_window_and_threshold_from_metadata()
    {
        using var scorer = new OnnxScorer(AnalyticsModels.Bearing(version: 7, seed: 1, threshold: 0.75f));

        Assert.Equal("bearings", scorer.Info.Federation);
        Assert.Equal(7, scorer.Info.Version);
        Assert.Equal(AnalyticsModels.BearingFeatures, scorer.Info.Features);
        Assert.Equal(1, scorer.Info.Window);
        Assert.Equal(0.75f, scorer.Info.Threshold);
        Assert.True(scorer.Info.IsAnomalous(0.8f));
        Assert.False(scorer.Info.IsAnomalous(0.7f));
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(64, 37)]
    [InlineData(1, 1)]
    public void Batched_scores_match_the_reference_forward_pass_with_missing_values(int capacity, int count)
    {
        var spec = AnalyticsModels.Bearing();
        var parameters = AnalyticsModels.Parameters(spec, seed: 3);
        using var scorer = new OnnxScorer(AnalyticsModels.Export(spec, parameters, 1, 1f));
        using var batch = scorer.CreateBatch(capacity);
        var (raw, mask) = Samples(count, spec.InputSize, seed: 5);
        raw.CopyTo(batch.Values, 0);
        mask.CopyTo(batch.Mask, 0);

        scorer.Score(batch, count);

        var expected = new ReferenceAutoencoder(spec, parameters, AnalyticsModels.Normalization(spec.FeatureCount)).Run(raw, mask, count).Scores;
        ParityTolerance.AssertClose(expected, batch.Scores.AsSpan(0, count), _ => 1, ParityTolerance.AbsoluteScore, "score");
    }

    [Fact]
    public void Windowed_models_score_rank_three_batches()
    {
        var spec = ModelSpec.ConvAutoencoder(["a", "b", "c"], window: 8, channels: [4]);
        var parameters = AnalyticsModels.Parameters(spec, seed: 11);
        using var scorer = new OnnxScorer(AnalyticsModels.Export(spec, parameters, 2, 1f));
        using var batch = scorer.CreateBatch(5);
        var (raw, mask) = Samples(5, spec.InputSize, seed: 13);
        raw.CopyTo(batch.Values, 0);
        mask.CopyTo(batch.Mask, 0);

        scorer.Score(batch, 5);

        Assert.Equal(8, scorer.Info.Window);
        var expected = new ReferenceAutoencoder(spec, parameters, AnalyticsModels.Normalization(3)).Run(raw, mask, 5).Scores;
        ParityTolerance.AssertClose(expected, batch.Scores.AsSpan(0, 5), _ => 1, ParityTolerance.AbsoluteScore, "score");
    }

    [Fact]
    public void Bad_models_and_mismatched_batches_fail_with_clear_messages()
    {
        var garbage = Assert.Throws<InvalidDataException>(() => new OnnxScorer([1, 2, 3, 4]));
        Assert.Contains("cannot load", garbage.Message, StringComparison.Ordinal);

        using var bearing = new OnnxScorer(AnalyticsModels.Bearing(1, 1));
        var small = ModelSpec.DenseAutoencoder(["a", "b"], [3]);
        using var other = new OnnxScorer(AnalyticsModels.Export(small, AnalyticsModels.Parameters(small, 1), 1, 1f));
        using var otherBatch = other.CreateBatch(4);
        var mismatch = Assert.Throws<ArgumentException>(() => bearing.Score(otherBatch, 4));
        Assert.Contains("[1 x 2]", mismatch.Message, StringComparison.Ordinal);
        using var batch = bearing.CreateBatch(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => bearing.Score(batch, 5));
    }
}
