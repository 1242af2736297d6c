namespace FedAspire.Core.Federation;

/// <summary>What a completed secure round records of its aggregation: whose masked input is in the mean, who dropped, and how exact the mean is.</summary>
/// <param name="Contributors">Participants whose masked input is in the mean, in id order.</param>
/// <param name="Dropped">Participants that shared keys but sent no masked input (their masks were rebuilt and removed), in id order.</param>
/// <param name="TotalWeight">The unmasked sum of the contributors' weights.</param>
/// <param name="ErrorBound">The quantization bound m / (2 s W) on every coordinate of the mean (plus float rounding).</param>
/// <param name="Threshold">Shares that rebuilt each secret.</param>
[GenerateSerializer, Immutable]
public sealed record SecureAggregationReport(
    [property: Id(0)] IReadOnlyList<string> Contributors,
    [property: Id(1)] IReadOnlyList<string> Dropped,
    [property: Id(2)] long TotalWeight,
    [property: Id(3)] double ErrorBound,
    [property: Id(4)] int Threshold);
