namespace FedAspire.Core.Aggregation;

/// <summary>Which aggregation strategy a federation uses and its hyper-parameters (unused ones are ignored by a strategy).</summary>
/// <param name="Name">One of <see cref="AggregationStrategies.Names"/>.</param>
/// <param name="ServerLearningRate">Server step size eta (FedAvgM, FedAdam, FedYogi, FedAdagrad).</param>
/// <param name="ServerMomentum">FedAvgM momentum beta.</param>
/// <param name="Beta1">First-moment decay of the adaptive server optimizers.</param>
/// <param name="Beta2">Second-moment decay of FedAdam and FedYogi.</param>
/// <param name="Tau">Adaptivity (denominator offset) of the adaptive server optimizers.</param>
/// <param name="TrimCount">Trimmed mean: values dropped at each end, per coordinate.</param>
/// <param name="ByzantineCount">Krum / Multi-Krum: assumed number of Byzantine clients f.</param>
/// <param name="MultiKrumSelect">Multi-Krum: number of updates averaged m; 0 means n - f.</param>
[GenerateSerializer, Immutable]
public sealed record StrategyOptions(
    [property: Id(0)] string Name = "fedavg",
    [property: Id(1)] float ServerLearningRate = 1f,
    [property: Id(2)] float ServerMomentum = 0.9f,
    [property: Id(3)] float Beta1 = 0.9f,
    [property: Id(4)] float Beta2 = 0.99f,
    [property: Id(5)] float Tau = 1e-3f,
    [property: Id(6)] int TrimCount = 1,
    [property: Id(7)] int ByzantineCount = 1,
    [property: Id(8)] int MultiKrumSelect = 0);
