namespace FedAspire.Devices.Experiments;

/// <summary>One server strategy of a scenario with its options (any name of <c>AggregationStrategies.Names</c>).</summary>
public sealed record ScenarioStrategy
{
    /// <summary>Strategy name, e.g. <c>fedavg</c>, <c>fedprox</c>, <c>fedadam</c>, <c>fedmedian</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>Display label and arm id part; default: the name (plus mu or server learning rate when set).</summary>
    public string? Label { get; init; }

    /// <summary>FedProx proximal coefficient (client side); required > 0 for <c>fedprox</c>.</summary>
    public float Mu { get; init; }

    /// <summary>Server learning rate (FedAdam, FedYogi, FedAdagrad, FedAvgM).</summary>
    public float ServerLearningRate { get; init; } = 1f;

    /// <summary>Server momentum (FedAvgM).</summary>
    public float ServerMomentum { get; init; } = 0.9f;

    /// <summary>First-moment decay (adaptive strategies).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Second-moment decay (adaptive strategies).</summary>
    public float Beta2 { get; init; } = 0.99f;

    /// <summary>Adaptivity (adaptive strategies).</summary>
    public float Tau { get; init; } = 1e-3f;

    /// <summary>Values trimmed at each end (trimmed mean).</summary>
    public int TrimCount { get; init; } = 1;
}
