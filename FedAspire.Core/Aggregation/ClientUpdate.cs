namespace FedAspire.Core.Aggregation;

/// <summary>One client's trained parameter vector and the number of samples it trained on (its FedAvg weight).</summary>
[GenerateSerializer, Immutable]
public sealed record ClientUpdate(
    [property: Id(0)] string ClientId,
    [property: Id(1)] float[] Parameters,
    [property: Id(2)] long SampleCount);
