using System.Text.Json.Serialization;

namespace FedAspire.Core.Aggregation;

/// <summary>Which aggregation strategy a federation uses and its hyper-parameters (unused ones are ignored by a strategy).</summary>
/// <remarks>
/// One type for every place a strategy is set: the silo binds it from <c>FedAspire:Federation:Strategy:*</c>, scenario files
/// read it (their strategy entries extend it), grains receive it. Init properties rather than a positional record so the
/// configuration binder and JSON can fill any subset and leave the rest at their defaults. The JSON order keeps a scenario's
/// strategy entries (which add label and mu after the name) written as before.
/// </remarks>
[GenerateSerializer, Immutable]
public record StrategyOptions
{
    /// <summary>The defaults: FedAvg.</summary>
    public StrategyOptions()
    {
    }

    /// <summary>Strategy <paramref name="name"/> with the given hyper-parameters (see the properties).</summary>
    public StrategyOptions(string name, float serverLearningRate = 1f, float serverMomentum = 0.9f, float beta1 = 0.9f, float beta2 = 0.99f,
        float tau = 1e-3f, int trimCount = 1, int byzantineCount = 1, int multiKrumSelect = 0)
    {
        Name = name;
        ServerLearningRate = serverLearningRate;
        ServerMomentum = serverMomentum;
        Beta1 = beta1;
        Beta2 = beta2;
        Tau = tau;
        TrimCount = trimCount;
        ByzantineCount = byzantineCount;
        MultiKrumSelect = multiKrumSelect;
    }

    /// <summary>One of <see cref="AggregationStrategies.Names"/> (or an alias, case-insensitive).</summary>
    [Id(0), JsonPropertyOrder(0)] public string Name { get; init; } = "fedavg";

    /// <summary>Server step size eta (FedAvgM, FedAdam, FedYogi, FedAdagrad).</summary>
    [Id(1), JsonPropertyOrder(3)] public float ServerLearningRate { get; init; } = 1f;

    /// <summary>FedAvgM momentum beta.</summary>
    [Id(2), JsonPropertyOrder(4)] public float ServerMomentum { get; init; } = 0.9f;

    /// <summary>First-moment decay of the adaptive server optimizers.</summary>
    [Id(3), JsonPropertyOrder(5)] public float Beta1 { get; init; } = 0.9f;

    /// <summary>Second-moment decay of FedAdam and FedYogi.</summary>
    [Id(4), JsonPropertyOrder(6)] public float Beta2 { get; init; } = 0.99f;

    /// <summary>Adaptivity (denominator offset) of the adaptive server optimizers.</summary>
    [Id(5), JsonPropertyOrder(7)] public float Tau { get; init; } = 1e-3f;

    /// <summary>Trimmed mean: values dropped at each end, per coordinate.</summary>
    [Id(6), JsonPropertyOrder(8)] public int TrimCount { get; init; } = 1;

    /// <summary>Krum / Multi-Krum / Bulyan: assumed number of Byzantine clients f.</summary>
    [Id(7), JsonPropertyOrder(9)] public int ByzantineCount { get; init; } = 1;

    /// <summary>Multi-Krum: number of updates averaged m; 0 means n - f.</summary>
    [Id(8), JsonPropertyOrder(10)] public int MultiKrumSelect { get; init; }

    /// <summary>
    /// Every invalid setting as (property name, problem); empty when the options are usable. Checked for every strategy, not
    /// only the one named, so a bad value is reported where it is written rather than when someone later switches strategy.
    /// </summary>
    public IReadOnlyList<(string Property, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        if (AggregationStrategies.Canonical(Name) is null)
            problems.Add((nameof(Name), $"'{Name}' is not a strategy; expected one of {AggregationStrategies.Describe()}."));
        if (!(ServerLearningRate > 0) || !float.IsFinite(ServerLearningRate))
            problems.Add((nameof(ServerLearningRate), $"must be positive and finite, got {ServerLearningRate}."));
        if (!(ServerMomentum >= 0 && ServerMomentum < 1)) problems.Add((nameof(ServerMomentum), $"must be in [0, 1), got {ServerMomentum}."));
        if (!(Beta1 >= 0 && Beta1 < 1)) problems.Add((nameof(Beta1), $"must be in [0, 1), got {Beta1}."));
        if (!(Beta2 >= 0 && Beta2 < 1)) problems.Add((nameof(Beta2), $"must be in [0, 1), got {Beta2}."));
        if (!(Tau > 0) || !float.IsFinite(Tau)) problems.Add((nameof(Tau), $"must be positive and finite, got {Tau}."));
        if (TrimCount < 0) problems.Add((nameof(TrimCount), $"must be >= 0, got {TrimCount}."));
        if (ByzantineCount < 0) problems.Add((nameof(ByzantineCount), $"must be >= 0, got {ByzantineCount}."));
        if (MultiKrumSelect < 0) problems.Add((nameof(MultiKrumSelect), $"must be >= 0 (0 = n - f), got {MultiKrumSelect}."));
        return problems;
    }

    /// <summary>The canonical name and the knobs that strategy reads, e.g. <c>fedadam (serverLearningRate 0.05, beta1 0.9, beta2 0.99, tau 0.001)</c>.</summary>
    public string Summary()
    {
        var name = AggregationStrategies.Canonical(Name) ?? Name;
        string? knobs = name switch
        {
            "fedavgm" => FormattableString.Invariant($"serverLearningRate {ServerLearningRate}, serverMomentum {ServerMomentum}"),
            "fedadam" or "fedyogi" => FormattableString.Invariant($"serverLearningRate {ServerLearningRate}, beta1 {Beta1}, beta2 {Beta2}, tau {Tau}"),
            "fedadagrad" => FormattableString.Invariant($"serverLearningRate {ServerLearningRate}, beta1 {Beta1}, tau {Tau}"),
            "trimmed-mean" => FormattableString.Invariant($"trimCount {TrimCount}"),
            "krum" or "bulyan" => FormattableString.Invariant($"byzantineCount {ByzantineCount}"),
            "multi-krum" => FormattableString.Invariant($"byzantineCount {ByzantineCount}, multiKrumSelect {MultiKrumSelect}"),
            _ => null,
        };
        return knobs is null ? name : $"{name} ({knobs})";
    }

    /// <summary>
    /// These options as a plain <see cref="StrategyOptions"/> (not a derived type such as a scenario entry) under the canonical
    /// name, so records, logs and grain messages carry one spelling; throws <see cref="ArgumentException"/> for an unknown name.
    /// </summary>
    public StrategyOptions Canonicalized() =>
        new(AggregationStrategies.Canonical(Name) ?? throw new ArgumentException(
                $"Unknown aggregation strategy '{Name}'. Known: {AggregationStrategies.Describe()}.", nameof(Name)),
            ServerLearningRate, ServerMomentum, Beta1, Beta2, Tau, TrimCount, ByzantineCount, MultiKrumSelect);
}
