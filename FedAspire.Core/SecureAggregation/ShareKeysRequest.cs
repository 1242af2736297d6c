namespace FedAspire.Core.SecureAggregation;

/// <summary>Server to every participant after step 1: the roster of advertised keys, ordered by participant id.</summary>
[GenerateSerializer, Immutable]
public sealed record ShareKeysRequest(
    [property: Id(0)] string RoundId,
    [property: Id(1)] AdvertiseKeysMessage[] Roster);
