using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// What the training phase of a round gathered: the accepted updates (id order) with what the server credits each, their
/// contributions for the record, the failures, and whether anyone answered at all (local privacy is spent once anyone did).
/// A secure round accepts no update on its own: it has the unmasked mean of the contributors (credited in contributor order) and
/// its report instead, or the reason the protocol failed.
/// </summary>
public sealed record TrainingOutcome(
    IReadOnlyList<ParticipantUpdate> Accepted,
    IReadOnlyList<long> Credited,
    IReadOnlyList<ParticipantContribution> Contributions,
    IReadOnlyList<ParticipantFailure> Failures,
    bool AnyResponse,
    float[]? SecureMean = null,
    SecureAggregationReport? Secure = null,
    string? FailureReason = null)
{
    /// <summary>The contributors' ids, in id order.</summary>
    public IReadOnlyList<string> Contributors => [.. Contributions.Select(c => c.ParticipantId)];

    /// <summary>Credited samples in total.</summary>
    public long Samples { get; } = Total(Credited);

    /// <summary>The contributors' final training loss weighted by credited samples; NaN without samples.</summary>
    public double TrainingLoss => Samples > 0 ? Contributions.Select((c, i) => (double)c.FinalLoss * Credited[i]).Sum() / Samples : double.NaN;

    private static long Total(IReadOnlyList<long> credited)
    {
        long samples = 0;
        foreach (var n in credited) samples = checked(samples + n);
        return samples;
    }
}
