using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FedAspire.Aggregator.Telemetry;

/// <summary>
/// FedAspire's own ActivitySource and Meter (name "FedAspire", the one ServiceDefaults exports): round spans and round/update counters.
/// </summary>
public static class FederationTelemetry
{
    /// <summary>Source and meter name; equals <c>Extensions.FedAspireTelemetryName</c> in FedAspire.ServiceDefaults.</summary>
    public const string Name = "FedAspire";

    /// <summary>Spans of rounds and their steps.</summary>
    public static ActivitySource Source { get; } = new(Name);

    private static readonly Meter s_meter = new(Name);

    /// <summary>Rounds by outcome (tag <c>outcome</c>) and federation.</summary>
    public static Counter<long> Rounds { get; } = s_meter.CreateCounter<long>("fedaspire.federation.rounds", "{round}", "Federated rounds by outcome");

    /// <summary>Accepted participant updates.</summary>
    public static Counter<long> UpdatesAccepted { get; } = s_meter.CreateCounter<long>("fedaspire.federation.updates.accepted", "{update}", "Updates aggregated");

    /// <summary>Rejected updates by reason (tag <c>reason</c>, including late).</summary>
    public static Counter<long> UpdatesRejected { get; } = s_meter.CreateCounter<long>("fedaspire.federation.updates.rejected", "{update}", "Updates rejected");

    /// <summary>Participants whose call threw.</summary>
    public static Counter<long> ParticipantFailures { get; } = s_meter.CreateCounter<long>("fedaspire.federation.participant.failures", "{call}", "Participant calls that threw");

    /// <summary>History appends and checkpoint writes that failed (tag <c>step</c>: history or checkpoint).</summary>
    public static Counter<long> PersistenceFailures { get; } = s_meter.CreateCounter<long>("fedaspire.federation.persistence.failures", "{write}", "Failed history appends and checkpoint writes");

    /// <summary>Round duration.</summary>
    public static Histogram<double> RoundDuration { get; } = s_meter.CreateHistogram<double>("fedaspire.federation.round.duration", "s", "Round duration");
}
