namespace FedAspire.Core.SecureAggregation;

/// <summary>Participants that stop answering at a given step of a simulated round (by participant id).</summary>
/// <param name="BeforeSharing">Advertised keys, then gone: never in the masks.</param>
/// <param name="BeforeMaskedInput">Shared keys, then gone before sending input: their pairwise masks are rebuilt and removed.</param>
/// <param name="AfterMaskedInput">Sent input, then gone before unmasking: their input counts, others rebuild their self masks.</param>
public sealed record SecureAggregationDropouts(
    IReadOnlySet<string>? BeforeSharing = null,
    IReadOnlySet<string>? BeforeMaskedInput = null,
    IReadOnlySet<string>? AfterMaskedInput = null)
{
    /// <summary>No one drops.</summary>
    public static SecureAggregationDropouts None { get; } = new();
}
