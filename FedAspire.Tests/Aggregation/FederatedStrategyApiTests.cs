using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Aggregation;

/// <summary>The Flower-shaped strategy API: every strategy configures and aggregates fit and evaluate; the defaults are the federation's rules.</summary>
[Trait("Area", "Learning")]
public sealed class FederatedStrategyApiTests
{
    private static readonly string[] Facilities = [.. Enumerable.Range(1, 12).Select(i => $"facility-{i:D2}")];

    [Theory]
    [InlineData("fedavg")]
    [InlineData("fedadam")]
    [InlineData("multi-krum")]
    public void Configure_fit_samples_as_the_federation_always_did(string name)
    {
        var strategy = AggregationStrategies.Create(new StrategyOptions(name), 8);
        var sampling = new ParticipantSampling(0.5, 3);
        for (long round = 1; round <= 5; round++)
            Assert.Equal(sampling.Select(Facilities, (int)round, 42), strategy.ConfigureFit(round, Facilities, sampling, 42));
        Assert.NotEqual(strategy.ConfigureFit(1, Facilities, sampling, 42), strategy.ConfigureFit(2, Facilities, sampling, 42));
    }

    [Fact]
    public void Evaluate_is_configured_for_the_contributors_and_merged_by_counts_by_default()
    {
        var strategy = AggregationStrategies.Create(new StrategyOptions("fedavg"), 8);
        string[] contributors = ["facility-02", "facility-07"];
        Assert.Equal(contributors, strategy.ConfigureEvaluate(3, contributors));

        ParticipantEvaluation[] evaluations =
        [
            new("facility-02", 3, 100, 0.5, new DetectionMetrics(8, 2, 85, 5, 0.9, 0.7)),
            new("facility-07", 3, 300, 0.1, new DetectionMetrics(20, 5, 270, 5, 0.95, 0.8)),
            new("facility-09", 3, 0, double.NaN, null),
        ];
        var merged = strategy.AggregateEvaluate(evaluations);
        Assert.Equal(FederatedEvaluation.Merge(evaluations), merged);
        Assert.Equal((2, 400L), (merged.Participants, merged.Samples));
        Assert.Equal((100 * 0.5 + 300 * 0.1) / 400, merged.Loss, 12);
        Assert.Equal((28L, 7L), (merged.Metrics!.TruePositives, merged.Metrics.FalsePositives));
    }

    /// <summary>A strategy that differs in how it samples is one file: FedAvg's aggregation, every available participant every round.</summary>
    private sealed class EveryoneEveryRound : IAggregationStrategy
    {
        private readonly IAggregationStrategy _fedavg = AggregationStrategies.Create(new StrategyOptions("fedavg"), 2);

        public string Name => "everyone";

        public IReadOnlyList<string> ConfigureFit(long round, IReadOnlyList<string> available, ParticipantSampling sampling, int seed) => [.. available.Order(StringComparer.Ordinal)];

        public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates) => _fedavg.Aggregate(global, updates);

        public float[] ExportState() => [];

        public void ImportState(float[] state) { }
    }

    [Fact]
    public void A_strategy_overrides_only_the_step_it_changes()
    {
        IAggregationStrategy strategy = new EveryoneEveryRound();
        Assert.Equal(Facilities, strategy.ConfigureFit(4, [.. Facilities.Reverse()], new ParticipantSampling(0.1, 1), 7));
        Assert.Equal(["a"], strategy.ConfigureEvaluate(4, ["a"]));
        Assert.Equal([2f, 3f], strategy.Aggregate([0f, 0f], [new ClientUpdate("a", [1f, 2f], 1), new ClientUpdate("b", [3f, 4f], 1)]));
    }
}
