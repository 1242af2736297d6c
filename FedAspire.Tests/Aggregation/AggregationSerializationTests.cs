using FedAspire.Core.Aggregation;
using FedAspire.Core.Learning;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace FedAspire.Tests.Aggregation;

/// <summary>The types that cross grain boundaries survive an Orleans serializer round trip.</summary>
[Trait("Area", "Learning")]
public sealed class AggregationSerializationTests
{
    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Client_update_and_options_round_trip()
    {
        var update = RoundTrip(new ClientUpdate("pump-1", [1f, -2.5f], 42));
        Assert.Equal(("pump-1", 42L), (update.ClientId, update.SampleCount));
        Assert.Equal([1f, -2.5f], update.Parameters);
        var options = new StrategyOptions("fedyogi", 0.1f, trimCount: 3, multiKrumSelect: 5);
        Assert.Equal(options, RoundTrip(options));
        Assert.Equal(UpdateValidationResult.Reject("late"), RoundTrip(UpdateValidationResult.Reject("late")));
        Assert.Equal(new ParticipantSampling(0.25, 3), RoundTrip(new ParticipantSampling(0.25, 3)));
    }

    [Fact]
    public void Statistics_histogram_and_metrics_round_trip()
    {
        var stats = new NormalizationStatistics(2);
        stats.Observe([1f, 2f, 3f, 5f], []);
        var statsCopy = RoundTrip(stats);
        Assert.Equal(stats.Count, statsCopy.Count);
        Assert.Equal(stats.Mean, statsCopy.Mean);
        Assert.Equal(stats.M2, statsCopy.M2);

        var histogram = ScoreHistogram.Create();
        histogram.Add([0.1f, 0.2f, 3f, 0f]);
        var histogramCopy = RoundTrip(histogram);
        Assert.Equal(histogram.Counts, histogramCopy.Counts);
        Assert.Equal(histogram.Quantile(0.9), histogramCopy.Quantile(0.9));
        Assert.Equal(histogram.QuantileErrorBound, histogramCopy.QuantileErrorBound);

        var metrics = new DetectionMetrics(1, 2, 3, 4, 0.75, 0.5);
        Assert.Equal(metrics, RoundTrip(metrics));
    }
}
