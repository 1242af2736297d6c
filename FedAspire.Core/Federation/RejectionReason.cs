namespace FedAspire.Core.Federation;

/// <summary>Why an update was not aggregated.</summary>
public enum RejectionReason
{
    /// <summary>The update names a different round than the one it answers.</summary>
    WrongRound = 0,
    /// <summary>The parameter vector does not match the spec's parameter count.</summary>
    WrongLength = 1,
    /// <summary>A parameter is NaN or infinite.</summary>
    NonFinite = 2,
    /// <summary>The L2 norm of the change from the global model exceeds the federation's bound.</summary>
    NormAboveBound = 3,
    /// <summary>The update carries no training samples (or a negative count).</summary>
    NoSamples = 4,
    /// <summary>No update arrived before the round deadline.</summary>
    Late = 5,
    /// <summary>A claimed count (samples, windows, rows) is above the federation's per-claim maximum (<c>ClaimLimits.MaxCount</c>).</summary>
    CountAboveLimit = 6,
    /// <summary>A statistics, calibration or evaluation summary contradicts itself (e.g. more labelled windows than windows).</summary>
    InconsistentSummary = 7,
    /// <summary>A reported training loss is NaN or infinite.</summary>
    NonFiniteLoss = 8,
    /// <summary>A secure-aggregation message named another participant or round, or broke the protocol (the sender drops from the round).</summary>
    SecureProtocol = 9,
    /// <summary>Asynchronous aggregation: the update was trained from a version more than the federation's maximum staleness behind (or ahead of) the server's.</summary>
    Stale = 10,
}
