namespace FedAspire.Core.Aggregation;

/// <summary>Whether an update may enter aggregation, and why not when it may not.</summary>
[GenerateSerializer, Immutable]
public sealed record UpdateValidationResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string Reason)
{
    /// <summary>The accepted verdict (empty reason).</summary>
    public static UpdateValidationResult Accept { get; } = new(true, "");

    /// <summary>A rejection with <paramref name="reason"/>.</summary>
    public static UpdateValidationResult Reject(string reason) => new(false, reason);
}
