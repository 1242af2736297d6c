namespace FedAspire.Devices.Scenarios;

/// <summary>The autoencoder of a scenario: dense (hidden widths) or convolutional (channels), over windows of readings.</summary>
public sealed record ScenarioModel
{
    /// <summary><c>dense</c> or <c>conv</c>.</summary>
    public string Kind { get; init; } = "dense";

    /// <summary>Hidden widths of the dense autoencoder, e.g. [16, 4, 16].</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [16, 4, 16];

    /// <summary>Encoder channels of the convolutional autoencoder, e.g. [16, 8].</summary>
    public IReadOnlyList<int> Channels { get; init; } = [16, 8];

    /// <summary>Readings per window.</summary>
    public int Window { get; init; } = 1;

    /// <summary>Hidden activation: relu, tanh, sigmoid or identity.</summary>
    public string Activation { get; init; } = "relu";
}
