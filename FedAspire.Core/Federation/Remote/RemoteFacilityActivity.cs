namespace FedAspire.Core.Federation.Remote;

/// <summary>When a remote facility's client was last seen by the grain (null: not since the grain was activated).</summary>
/// <param name="LastPoll">Its last authenticated work poll.</param>
/// <param name="LastDelivery">Its last authenticated result post, accepted or not.</param>
[GenerateSerializer, Immutable]
public sealed record RemoteFacilityActivity([property: Id(0)] DateTimeOffset? LastPoll, [property: Id(1)] DateTimeOffset? LastDelivery);
