using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class FederationRecordsTests
{
    [Fact]
    public void Stable_seeds_depend_on_seed_round_and_id_only()
    {
        Assert.Equal(StableSeed.Derive(42, 3, "facility-01"), StableSeed.Derive(42, 3, "facility-01"));
        Assert.NotEqual(StableSeed.Derive(42, 3, "facility-01"), StableSeed.Derive(42, 3, "facility-02"));
        Assert.NotEqual(StableSeed.Derive(42, 3, "facility-01"), StableSeed.Derive(42, 4, "facility-01"));
        Assert.NotEqual(StableSeed.Derive(42, 3, "facility-01"), StableSeed.Derive(43, 3, "facility-01"));
        Assert.InRange(StableSeed.Derive(-5, -1, ""), 0, int.MaxValue);
    }

    [Fact]
    public void Feature_mapping_reorders_by_name_masks_missing_and_counts_unknown()
    {
        var mapping = new FeatureMapping(["b", "x", "a"], ["a", "b", "c"]);
        var values = new float[6];
        var mask = new float[6];

        mapping.Map([2f, 99f, 1f, float.NaN, 98f, 3f], values, mask);

        Assert.Equal(1, mapping.Unknown);
        Assert.Equal([1f, 2f], values[..2]);
        Assert.True(float.IsNaN(values[2]));
        Assert.Equal([1f, 1f, 0f, 1f, 0f, 0f], mask);
        Assert.Equal(3f, values[3]);
    }

    [Fact]
    public void Feature_mapping_rejects_ragged_rows_with_the_counts()
    {
        var mapping = new FeatureMapping(["a", "b"], ["a"]);
        var e = Assert.Throws<ArgumentException>(() => mapping.Map([1f, 2f, 3f], new float[1], new float[1]));
        Assert.Contains("multiple of 2", e.Message);
    }

    [Fact]
    public void Federated_evaluation_sums_confusion_counts_and_weights_loss_by_samples()
    {
        var merged = FederatedEvaluation.Merge([
            new ParticipantEvaluation("a", 1, 100, 0.5, new DetectionMetrics(8, 2, 85, 5, 0.9, 0.8)),
            new ParticipantEvaluation("b", 1, 300, 0.1, new DetectionMetrics(20, 10, 260, 10, 0.7, 0.4)),
            new ParticipantEvaluation("c", 1, 0, double.NaN, null),
        ]);

        Assert.Equal(2, merged.Participants);
        Assert.Equal(400, merged.Samples);
        Assert.Equal((0.5 * 100 + 0.1 * 300) / 400, merged.Loss, 12);
        Assert.Equal(28, merged.Metrics!.TruePositives);
        Assert.Equal(12, merged.Metrics.FalsePositives);
        Assert.Equal((0.8 * 100 + 0.4 * 300) / 400, merged.Metrics.PrAuc, 12);
        Assert.Equal(2.0 * 28 / (2 * 28 + 12 + 15), merged.Metrics.F1, 9);
    }

    [Fact]
    public void A_definition_with_an_unreachable_quorum_is_rejected()
    {
        var definition = FederationTestCluster.Definition("pumps", ["f1", "f2"], quorum: 3);
        var e = Assert.Throws<ArgumentException>(definition.Validate);
        Assert.Contains("quorum 3", e.Message);
    }
}
