namespace FedAspire.Core.Claims;

/// <summary>What a participant's count claims to count; each kind has its own history.</summary>
public enum ClaimKind
{
    /// <summary>Training samples behind an update (its FedAvg weight).</summary>
    Training,

    /// <summary>Calibration windows behind a score histogram.</summary>
    Calibration,

    /// <summary>Held-out windows behind a federated evaluation.</summary>
    Evaluation,
}
