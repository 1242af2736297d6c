namespace FedAspire.Core.SecureAggregation;

/// <summary>The outcome of a secure round: the sample-weighted mean of the contributors' updates and who contributed.</summary>
/// <param name="Mean">sum_k w_k clip(x_k) / W over the contributors, within <paramref name="ErrorBound"/> (plus float rounding).</param>
/// <param name="TotalWeight">W, the sum of the contributors' weights.</param>
/// <param name="ErrorBound">The quantization bound m / (2 s W) of <see cref="FixedPointQuantizer.MeanErrorBound"/>.</param>
/// <param name="Contributors">Participants whose input is in the mean.</param>
/// <param name="Dropped">Participants that shared keys but sent no input; their masks were removed.</param>
/// <param name="Responders">Participants that answered the unmasking step.</param>
[GenerateSerializer, Immutable]
public sealed record SecureAggregationResult(
    [property: Id(0)] float[] Mean,
    [property: Id(1)] long TotalWeight,
    [property: Id(2)] double ErrorBound,
    [property: Id(3)] string[] Contributors,
    [property: Id(4)] string[] Dropped,
    [property: Id(5)] string[] Responders);
