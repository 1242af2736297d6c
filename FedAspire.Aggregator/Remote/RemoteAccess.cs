namespace FedAspire.Aggregator.Remote;

/// <summary>The outcome of checking a bearer key against a remote facility route.</summary>
public enum RemoteAccess
{
    /// <summary>The key belongs to the facility in the route.</summary>
    Allowed,

    /// <summary>No key, a malformed header, or a key of no configured facility (401).</summary>
    Unauthenticated,

    /// <summary>A valid key of another facility (403).</summary>
    Forbidden,
}
