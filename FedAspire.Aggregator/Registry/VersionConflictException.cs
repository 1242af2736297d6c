namespace FedAspire.Aggregator.Registry;

/// <summary>Thrown when a version number that is already published is saved again with a different payload: versions are published once, ever.</summary>
public sealed class VersionConflictException(string federation, long version, string stored, string offered)
    : InvalidOperationException($"Federation '{federation}' version {version} is already published with fingerprint {stored}; refusing a different payload ({offered}).")
{
    /// <summary>The version number in conflict.</summary>
    public long Version { get; } = version;
}
