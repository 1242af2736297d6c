namespace FedAspire.Devices.Scenarios;

/// <summary>Client training options of a scenario (per round).</summary>
public sealed record ScenarioTraining
{
    /// <summary>Local epochs per round.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary><c>adam</c> or <c>sgd</c>.</summary>
    public string Optimizer { get; init; } = "adam";
}
