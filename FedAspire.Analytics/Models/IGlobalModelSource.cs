namespace FedAspire.Analytics.Models;

/// <summary>Where analytics finds the newest global model of a federation (the registry on disk, or the federation HTTP API).</summary>
public interface IGlobalModelSource
{
    /// <summary>The backend, for start-up logs.</summary>
    string Description { get; }

    /// <summary>The newest version if it is above <paramref name="knownVersion"/>, otherwise null (also when none is published yet).</summary>
    Task<GlobalModelCandidate?> TryGetNewerAsync(long knownVersion, CancellationToken cancellationToken);
}
