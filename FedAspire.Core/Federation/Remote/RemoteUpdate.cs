namespace FedAspire.Core.Federation.Remote;

/// <summary>A locally trained model: the answer to <see cref="RemoteWorkKind.Train"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteUpdate(
    [property: Id(0)] float[] Parameters,
    [property: Id(1)] long SampleCount,
    [property: Id(2)] float InitialLoss,
    [property: Id(3)] float FinalLoss);
