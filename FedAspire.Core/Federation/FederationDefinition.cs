using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Learning;
using FedAspire.Core.Privacy;

namespace FedAspire.Core.Federation;

/// <summary>
/// Everything that defines a federation: the model every participant trains, the server strategy, the round schedule,
/// the clients' training options and who may take part. The aggregator grain keyed by <see cref="Name"/> runs it.
/// </summary>
/// <param name="Name">Federation name, also the aggregator grain key.</param>
/// <param name="Spec">The model spec every version of the global model follows.</param>
/// <param name="Strategy">Server-side aggregation strategy and its hyper-parameters.</param>
/// <param name="Schedule">Round timing, sampling, quorum, deadline and norm bound.</param>
/// <param name="Training">Client training options (epochs, batch, learning rate, FedProx mu); the seed is the run seed.</param>
/// <param name="Participants">Facility ids that take part (each a facility grain key).</param>
/// <param name="WindowStride">Step between consecutive training windows of <c>Spec.Window</c> readings.</param>
/// <param name="Detection">Normalization, false-alarm target and calibration share; null means <see cref="DetectionSettings.Default"/>.</param>
/// <param name="Claims">How far participants' counts are believed; null means <see cref="ClaimLimits.Default"/>.</param>
/// <param name="Privacy">Differential privacy (clipping, Gaussian noise, accountant, budget); null means off.</param>
/// <param name="SecureAggregation">Secure aggregation (the aggregator sees only the masked sum); null means off.</param>
/// <param name="Buffered">Buffered asynchronous aggregation (FedBuff): participants check out the current version and report when they
/// finish, and the aggregator steps every K arrivals instead of running rounds; null means synchronous rounds.</param>
[GenerateSerializer, Immutable]
public sealed record FederationDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] ModelSpec Spec,
    [property: Id(2)] StrategyOptions Strategy,
    [property: Id(3)] RoundSchedule Schedule,
    [property: Id(4)] TrainingOptions Training,
    [property: Id(5)] IReadOnlyList<string> Participants,
    [property: Id(7)] int WindowStride = 1,
    [property: Id(8)] DetectionSettings? Detection = null,
    [property: Id(9)] ClaimLimits? Claims = null,
    [property: Id(10)] PrivacyOptions? Privacy = null,
    [property: Id(11)] SecureAggregationSettings? SecureAggregation = null,
    [property: Id(12)] BufferedAsyncOptions? Buffered = null)
{
    private static readonly PrivacyOptions NoPrivacy = new();

    /// <summary>The privacy settings in force (off when none were given).</summary>
    public PrivacyOptions PrivacyOrDefault => Privacy ?? NoPrivacy;

    /// <summary>True when rounds aggregate securely.</summary>
    public bool IsSecure => SecureAggregation is { Enabled: true };

    /// <summary>The claim limits in force.</summary>
    public ClaimLimits ClaimsOrDefault => Claims ?? ClaimLimits.Default;

    /// <summary>The detection settings in force.</summary>
    public DetectionSettings DetectionOrDefault => Detection ?? DetectionSettings.Default;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A federation needs a name.");
        ArgumentNullException.ThrowIfNull(Spec);
        Spec.Validate();
        Schedule.Validate();
        if (Participants.Count == 0) throw new ArgumentException($"Federation '{Name}' has no participants.");
        if (Participants.Distinct(StringComparer.Ordinal).Count() != Participants.Count)
            throw new ArgumentException($"Federation '{Name}' lists a participant twice.");
        if (Schedule.Quorum > Participants.Count)
            throw new ArgumentException($"Federation '{Name}': quorum {Schedule.Quorum} exceeds the {Participants.Count} participants.");
        DetectionOrDefault.Validate();
        ClaimsOrDefault.Validate();
        if (PrivacyOrDefault.Problems() is [var (property, problem), ..])
            throw new ArgumentException($"Federation '{Name}': privacy {property} {problem}");
        // The noisy clipped mean can stand in only for strategies that combine updates by their mean.
        if (PrivacyOrDefault.IsCentral && !DifferentialPrivacy.CentralStrategies.Contains(Aggregation.AggregationStrategies.Canonical(Strategy.Name)))
            throw new ArgumentException($"Federation '{Name}': central privacy needs a mean-based strategy ({string.Join(", ", DifferentialPrivacy.CentralStrategies)}), got '{Strategy.Name}'.");
        if (SecureAggregation is { } secure)
        {
            if (secure.Problems() is [var (setting, issue), ..])
                throw new ArgumentException($"Federation '{Name}': secure aggregation {setting} {issue}");
            if (secure.Conflicts(Strategy.Name, Schedule.NormBound, Privacy) is [var (conflict, reason), ..])
                throw new ArgumentException($"Federation '{Name}': {conflict}: {reason}");
            if (secure.Enabled && secure.RosterProblem(Participants.Count) is { } roster)
                throw new ArgumentException($"Federation '{Name}': secure aggregation: {roster}");
        }
        if (Buffered?.Problems() is [var (knob, trouble), ..]) throw new ArgumentException($"Federation '{Name}': buffered {knob} {trouble}");
        // Privacy accounting counts rounds; an asynchronous step has no cohort to clip and noise as one.
        if (Buffered is not null && PrivacyOrDefault.Enabled) throw new ArgumentException($"Federation '{Name}': buffered asynchronous aggregation does not run with differential privacy.");
        if (Buffered is not null && IsSecure)
            throw new ArgumentException($"Federation '{Name}': buffered asynchronous aggregation has no round for secure aggregation to mask; turn one of them off.");
        if (WindowStride < 1) throw new ArgumentException($"Window stride must be >= 1, got {WindowStride}.");
        if (Training.Epochs < 1 || Training.BatchSize < 1 || !(Training.LearningRate > 0))
            throw new ArgumentException($"Training options need epochs >= 1, batch >= 1 and a positive learning rate, got {Training}.");
    }
}
