namespace FedAspire.Analytics.Models;

/// <summary>Where analytics finds the current global model of a federation (the registry on disk, or the federation HTTP API).</summary>
public interface IGlobalModelSource
{
    /// <summary>The backend, for start-up logs.</summary>
    string Description { get; }

    /// <summary>
    /// The federation's current (latest) version when its identity differs from <paramref name="knownIdentity"/>, otherwise null
    /// (also when none is published yet). Versions are followed by identity, not by a higher number.
    /// </summary>
    Task<GlobalModelCandidate?> TryGetChangedAsync(string? knownIdentity, CancellationToken cancellationToken);
}
