namespace FedAspire.Core.Federation;

/// <summary>Names every grain of the federation shares (its storage provider).</summary>
public static class FederationNames
{
    /// <summary>The grain storage provider that holds aggregator checkpoints.</summary>
    public const string StorageProvider = "Default";
}
