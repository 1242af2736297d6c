namespace FedAspire.Core.Data.Partitioning;

/// <summary>The clients, their federation feature map and the metadata describing how they were made.</summary>
/// <param name="Clients">Clients in order.</param>
/// <param name="FeatureMap">Federation features and presence per client.</param>
/// <param name="Metadata">What client_metadata.json holds.</param>
public sealed record PartitionResult(IReadOnlyList<ClientPartition> Clients, FederationFeatureMap FeatureMap, PartitionMetadata Metadata);
