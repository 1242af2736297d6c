using System.Text.Json.Serialization;

namespace FedAspire.Core.Aggregation;

/// <summary>
/// Buffered asynchronous aggregation (FedBuff, Nguyen et al. 2022): the server applies one step every <see cref="BufferSize"/>
/// accepted arrivals, each arrival's delta discounted by the staleness function of how many versions it is behind.
/// </summary>
/// <remarks>
/// Init properties so configuration binding and scenario JSON can set any subset. The step is
/// w = w + eta_g * sum_k s(tau_k) c_k delta_k / sum_k c_k, with c_k = 1 (plain mean, the paper's) or the sample count.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record BufferedAsyncOptions
{
    /// <summary>K: accepted arrivals per server step.</summary>
    [Id(0), JsonPropertyOrder(0)] public int BufferSize { get; init; } = 3;

    /// <summary>eta_g: the server learning rate applied to the buffered mean delta.</summary>
    [Id(1), JsonPropertyOrder(1)] public float ServerLearningRate { get; init; } = 1f;

    /// <summary>The staleness function: <c>constant</c>, <c>polynomial</c> or <c>hinge</c>.</summary>
    [Id(2), JsonPropertyOrder(2)] public StalenessKind Staleness { get; init; } = StalenessKind.Polynomial;

    /// <summary>a: the polynomial exponent, or the hinge's slope.</summary>
    [Id(3), JsonPropertyOrder(3)] public double StalenessExponent { get; init; } = 0.5;

    /// <summary>b: the hinge's knee, the staleness up to which an update counts fully.</summary>
    [Id(4), JsonPropertyOrder(4)] public int HingeKnee { get; init; } = 4;

    /// <summary>Updates more than this many versions behind are rejected (counted as <see cref="Federation.RejectionReason.Stale"/>).</summary>
    [Id(5), JsonPropertyOrder(5)] public int MaxStaleness { get; init; } = 20;

    /// <summary>Weight each delta by its sample count instead of the paper's plain mean.</summary>
    [Id(6), JsonPropertyOrder(6)] public bool SampleWeighted { get; init; }

    /// <summary>s(tau) for an update <paramref name="staleness"/> versions behind.</summary>
    public double Weight(long staleness)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(staleness);
        return Staleness switch
        {
            StalenessKind.Constant => 1.0,
            StalenessKind.Polynomial => Math.Pow(1.0 + staleness, -StalenessExponent),
            StalenessKind.Hinge => staleness <= HingeKnee ? 1.0 : 1.0 / (StalenessExponent * (staleness - HingeKnee) + 1.0),
            _ => throw new InvalidOperationException($"Unknown staleness function {Staleness}."),
        };
    }

    /// <summary>Every invalid setting as (property name, problem); empty when the options are usable.</summary>
    public IReadOnlyList<(string Property, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        if (BufferSize < 1) problems.Add((nameof(BufferSize), $"must be >= 1, got {BufferSize}."));
        if (!(ServerLearningRate > 0) || !float.IsFinite(ServerLearningRate))
            problems.Add((nameof(ServerLearningRate), $"must be positive and finite, got {ServerLearningRate}."));
        if (!Enum.IsDefined(Staleness)) problems.Add((nameof(Staleness), $"must be constant, polynomial or hinge, got {Staleness}."));
        if (!(StalenessExponent >= 0) || !double.IsFinite(StalenessExponent))
            problems.Add((nameof(StalenessExponent), $"must be >= 0 and finite, got {StalenessExponent}."));
        if (HingeKnee < 0) problems.Add((nameof(HingeKnee), $"must be >= 0, got {HingeKnee}."));
        if (MaxStaleness < 0) problems.Add((nameof(MaxStaleness), $"must be >= 0, got {MaxStaleness}."));
        return problems;
    }

    /// <summary>The knobs in one line, e.g. <c>K 3, eta_g 1, polynomial a 0.5, max staleness 20</c>.</summary>
    public string Summary()
    {
        string s = Staleness switch
        {
            StalenessKind.Constant => "constant",
            StalenessKind.Polynomial => FormattableString.Invariant($"polynomial a {StalenessExponent}"),
            _ => FormattableString.Invariant($"hinge a {StalenessExponent} b {HingeKnee}"),
        };
        return FormattableString.Invariant($"K {BufferSize}, eta_g {ServerLearningRate}, {s}, max staleness {MaxStaleness}{(SampleWeighted ? ", sample-weighted" : "")}");
    }
}
