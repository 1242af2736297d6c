using FedAspire.Core.Aggregation;

namespace FedAspire.Devices.Scenarios;

/// <summary>
/// A FedBuff arm's settings (strategy entry <c>"mode": "fedbuff"</c>): the server's K, eta_g and staleness function, and how the
/// experiment draws the participants' speeds on its simulated clock.
/// </summary>
/// <remarks>
/// Participant p trains one job in d = m_p exp(jitter z) time units, m_p = exp(speedSpread z_p), with z_p and z standard normal
/// draws from p's own seeded stream: speeds differ by facility, jobs vary a little around them, and a run is deterministic by seed.
/// </remarks>
public sealed record ScenarioFedBuff
{
    /// <summary>K: accepted updates per server step.</summary>
    public int BufferSize { get; init; } = 3;

    /// <summary>eta_g.</summary>
    public float ServerLearningRate { get; init; } = 1f;

    /// <summary><c>constant</c>, <c>polynomial</c> ((1 + tau)^-a) or <c>hinge</c>.</summary>
    public string Staleness { get; init; } = "polynomial";

    /// <summary>a: the polynomial exponent or the hinge slope.</summary>
    public double StalenessExponent { get; init; } = 0.5;

    /// <summary>b: the hinge's knee.</summary>
    public int HingeKnee { get; init; } = 4;

    /// <summary>Updates more versions behind than this are rejected.</summary>
    public int MaxStaleness { get; init; } = 20;

    /// <summary>Weight deltas by sample count (the paper averages them plainly).</summary>
    public bool SampleWeighted { get; init; }

    /// <summary>Standard deviation of a participant's log mean job duration: 0 = every facility equally fast.</summary>
    public double SpeedSpread { get; init; } = 0.75;

    /// <summary>Standard deviation of one job's log duration around its participant's mean.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>
    /// What the arm spends: <c>updates</c> (the synchronous arms' rounds x participants client updates, the default) or <c>time</c>
    /// (the simulated time those rounds take at the same speeds, each waiting for its slowest participant).
    /// </summary>
    public string Budget { get; init; } = "updates";

    /// <summary>The server's options; throws <see cref="ArgumentException"/> for an unknown staleness function.</summary>
    public BufferedAsyncOptions ToOptions() => new()
    {
        BufferSize = BufferSize,
        ServerLearningRate = ServerLearningRate,
        Staleness = Enum.TryParse<StalenessKind>(Staleness, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"staleness must be constant, polynomial or hinge, got '{Staleness}'.", nameof(Staleness)),
        StalenessExponent = StalenessExponent,
        HingeKnee = HingeKnee,
        MaxStaleness = MaxStaleness,
        SampleWeighted = SampleWeighted,
    };
}
