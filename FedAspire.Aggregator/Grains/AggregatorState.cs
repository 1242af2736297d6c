using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Aggregator.Grains;

/// <summary>
/// The aggregator's checkpoint: definition, whether timed rounds run, last round id, current version with its parameters,
/// normalization and threshold, the strategy's server-optimizer state (e.g. FedAdam moments) and the counters.
/// </summary>
[GenerateSerializer]
public sealed class AggregatorState
{
    /// <summary>The federation definition; null until configured.</summary>
    [Id(0)] public FederationDefinition? Definition { get; set; }

    /// <summary>True while timed rounds should run (restored on activation).</summary>
    [Id(1)] public bool Running { get; set; }

    /// <summary>Id of the last round started (completed or failed).</summary>
    [Id(2)] public long Round { get; set; }

    /// <summary>Current global version (0 = initial parameters, never published).</summary>
    [Id(3)] public long Version { get; set; }

    /// <summary>Current global parameters; empty before initialization.</summary>
    [Id(4)] public float[] Parameters { get; set; } = [];

    /// <summary>Federation-wide normalization; null before the first summary.</summary>
    [Id(5)] public FeatureNormalization? Normalization { get; set; }

    /// <summary>Anomaly threshold of the current version.</summary>
    [Id(6)] public float Threshold { get; set; }

    /// <summary>Strategy state from <c>IAggregationStrategy.ExportState</c>.</summary>
    [Id(7)] public float[] StrategyState { get; set; } = [];

    /// <summary>Rounds that produced a version.</summary>
    [Id(8)] public long RoundsCompleted { get; set; }

    /// <summary>Rounds that failed.</summary>
    [Id(9)] public long RoundsFailed { get; set; }

    /// <summary>Updates aggregated.</summary>
    [Id(10)] public long UpdatesAccepted { get; set; }

    /// <summary>Updates rejected, including late ones.</summary>
    [Id(11)] public long UpdatesRejected { get; set; }

    /// <summary>Participant calls that threw.</summary>
    [Id(12)] public long ParticipantFailures { get; set; }

    /// <summary>The last round's record.</summary>
    [Id(13)] public RoundRecord? LastRound { get; set; }

    /// <summary>What each participant was last credited with (the base its next claims may grow from).</summary>
    /// <remarks>A high id, so other additions to the checkpoint take the next free ones without colliding.</remarks>
    [Id(30)] public ClaimHistory Claims { get; set; } = new();

    /// <summary>History appends and checkpoint writes that failed (the round's outcome stood; the write was retried later).</summary>
    [Id(14)] public long PersistenceFailures { get; set; }

    /// <summary>RDP spent so far at each of <c>RdpAccountant.DefaultOrders</c> (empty: nothing spent); never reset, since privacy once spent stays spent.</summary>
    [Id(15)] public double[] PrivacyRdp { get; set; } = [];

    /// <summary>Rounds charged to <see cref="PrivacyRdp"/>.</summary>
    [Id(16)] public long PrivacyRounds { get; set; }

    /// <summary>Participants an operator paused: never sampled until resumed. Kept in the checkpoint so a restart keeps them paused.</summary>
    [Id(17)] public List<string> Paused { get; set; } = [];
}
