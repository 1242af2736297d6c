namespace FedAspire.Core.Learning;

/// <summary>How a client trains locally: epochs, mini-batch size, optimizer, FedProx strength and the shuffle seed.</summary>
/// <param name="ProximalMu">FedProx: adds mu/2 ||w - w_global||^2 to the loss when greater than 0.</param>
[GenerateSerializer, Immutable]
public sealed record TrainingOptions(
    [property: Id(0)] int Epochs = 1,
    [property: Id(1)] int BatchSize = 64,
    [property: Id(2)] float LearningRate = 1e-3f,
    [property: Id(3)] OptimizerKind Optimizer = OptimizerKind.Adam,
    [property: Id(4)] float Momentum = 0.9f,
    [property: Id(5)] float ProximalMu = 0f,
    [property: Id(6)] int Seed = 0);
