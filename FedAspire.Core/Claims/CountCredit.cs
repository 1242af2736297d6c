namespace FedAspire.Core.Claims;

/// <summary>The verdict on one claimed count: rejected with a reason, or credited (possibly below the claim).</summary>
/// <param name="Claimed">What the participant said.</param>
/// <param name="Credited">What the server believes (0 when rejected).</param>
/// <param name="Rejection">Why the claim was refused; null when credited.</param>
public readonly record struct CountCredit(long Claimed, long Credited, string? Rejection)
{
    /// <summary>True when the claim was refused.</summary>
    public bool Rejected => Rejection is not null;
}
