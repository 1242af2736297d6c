namespace FedAspire.Core.Federation.Remote;

/// <summary>What the configured credential of a remote facility allows; the dashboard shows this, never the key or its hash.</summary>
public enum RemoteKeyStatus
{
    /// <summary>A well-formed SHA-256 is configured: the facility can log in with its key.</summary>
    Present,

    /// <summary>
    /// The facility is registered with an empty <c>KeySha256</c>: an operator revoked its key, so it cannot log in, but it stays listed
    /// (and, when it is a participant, keeps being sampled and counted late until it is paused or removed).
    /// </summary>
    Revoked,

    /// <summary><c>KeySha256</c> is not 64 hex digits (a configuration mistake, reported at start-up): no key can match.</summary>
    Invalid,

    /// <summary>No key: the facility logs in with its pinned client certificate alone (mTLS).</summary>
    Certificate,
}
