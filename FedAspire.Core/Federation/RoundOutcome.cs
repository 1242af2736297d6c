namespace FedAspire.Core.Federation;

/// <summary>How a round ended.</summary>
public enum RoundOutcome
{
    /// <summary>Quorum reached; a new global version was published.</summary>
    Completed = 0,
    /// <summary>Quorum missed (or aggregation failed); the previous version stays current.</summary>
    Failed = 1,
    /// <summary>Not run: it would have taken the federation's privacy spending past its epsilon budget; timed rounds stop.</summary>
    BudgetExhausted = 2,
}
