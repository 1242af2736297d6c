namespace FedAspire.Core.Learning;

/// <summary>What one call of <see cref="LocalTrainer.Train"/> did: samples seen per epoch, optimizer steps, and the data loss before and after.</summary>
/// <param name="InitialLoss">Mean masked reconstruction error over the data before training (no FedProx term).</param>
/// <param name="FinalLoss">The same after training.</param>
[GenerateSerializer, Immutable]
public sealed record TrainingResult(
    [property: Id(0)] int Samples,
    [property: Id(1)] int Steps,
    [property: Id(2)] float InitialLoss,
    [property: Id(3)] float FinalLoss);
