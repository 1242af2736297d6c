namespace FedAspire.Core.Claims;

/// <summary>
/// What each participant was last credited with, per <see cref="ClaimKind"/>: the base its next claim may grow from by
/// <see cref="ClaimLimits.GrowthFactor"/>. Part of the aggregator's checkpoint.
/// </summary>
[GenerateSerializer]
public sealed class ClaimHistory
{
    /// <summary>Last credited training samples by participant id.</summary>
    [Id(0)] public Dictionary<string, long> Training { get; set; } = [];

    /// <summary>Last credited calibration windows by participant id.</summary>
    [Id(1)] public Dictionary<string, long> Calibration { get; set; } = [];

    /// <summary>Last credited evaluation windows by participant id.</summary>
    [Id(2)] public Dictionary<string, long> Evaluation { get; set; } = [];

    /// <summary>The count last credited to <paramref name="participant"/> for <paramref name="kind"/>, or null the first time.</summary>
    public long? Previous(ClaimKind kind, string participant) => Of(kind).TryGetValue(participant, out var n) ? n : null;

    /// <summary>Remembers <paramref name="credited"/> as the base of the participant's next claim of <paramref name="kind"/>.</summary>
    public void Record(ClaimKind kind, string participant, long credited) => Of(kind)[participant] = credited;

    private Dictionary<string, long> Of(ClaimKind kind) => kind switch
    {
        ClaimKind.Training => Training,
        ClaimKind.Calibration => Calibration,
        ClaimKind.Evaluation => Evaluation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown claim kind."),
    };
}
