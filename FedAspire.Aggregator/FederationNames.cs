namespace FedAspire.Aggregator;

/// <summary>Names shared by the aggregator's grains, storage and API.</summary>
public static class FederationNames
{
    /// <summary>The grain storage provider that holds aggregator checkpoints.</summary>
    public const string StorageProvider = "Default";
}
