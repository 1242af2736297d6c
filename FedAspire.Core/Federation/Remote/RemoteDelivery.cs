namespace FedAspire.Core.Federation.Remote;

/// <summary>What happened to a posted result, with a message for the client and, for a duplicate, how many were posted so far.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteDelivery(
    [property: Id(0)] RemoteDeliveryStatus Status,
    [property: Id(1)] string Message,
    [property: Id(2)] int Duplicates = 0);
