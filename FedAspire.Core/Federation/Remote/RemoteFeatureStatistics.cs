using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation.Remote;

/// <summary>Mergeable per-feature moments of the training rows: the answer to <see cref="RemoteWorkKind.SummarizeFeatures"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteFeatureStatistics(
    [property: Id(0)] long Rows,
    [property: Id(1)] long[] Count,
    [property: Id(2)] double[] Mean,
    [property: Id(3)] double[] M2)
{
    /// <summary>The wire form of <paramref name="statistics"/>.</summary>
    public static RemoteFeatureStatistics From(long rows, NormalizationStatistics statistics) => new(rows, statistics.Count, statistics.Mean, statistics.M2);
}
