using FedAspire.Core.Federation.Remote;
using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Aggregator.Remote;

/// <summary>Checks a facility's bearer API key against the configured SHA-256 hashes.</summary>
public static class RemoteFacilityKeys
{
    /// <summary>The hex SHA-256 of <paramref name="apiKey"/> as configuration stores it.</summary>
    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>Decides access of the <c>Authorization</c> header <paramref name="authorization"/> to <paramref name="facilityId"/>.</summary>
    /// <remarks>
    /// Every configured hash is compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so the time taken depends
    /// neither on how much of a guessed key matches nor on which facility it matched.
    /// </remarks>
    public static RemoteAccess Check(RemoteFacilityOptions options, string facilityId, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return RemoteAccess.Unauthenticated;
        var key = authorization[scheme.Length..].Trim();
        if (key.Length == 0) return RemoteAccess.Unauthenticated;
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        bool own = false, other = false;
        foreach (var (id, credential) in options.Facilities)
        {
            if (!TryDecode(credential.KeySha256, expected)) continue;
            if (!CryptographicOperations.FixedTimeEquals(presented, expected)) continue;
            if (string.Equals(id, facilityId, StringComparison.Ordinal)) own = true;
            else other = true;
        }
        return own ? RemoteAccess.Allowed : other ? RemoteAccess.Forbidden : RemoteAccess.Unauthenticated;
    }

    /// <summary>Configured facilities whose <c>KeySha256</c> is not 64 hex digits (reported at start-up; such a facility can never log in).</summary>
    public static IReadOnlyList<string> InvalidCredentials(RemoteFacilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Span<byte> scratch = stackalloc byte[SHA256.HashSizeInBytes];
        var invalid = new List<string>();
        foreach (var (id, credential) in options.Facilities)
            if (!TryDecode(credential.KeySha256, scratch) && !(string.IsNullOrWhiteSpace(credential.KeySha256) && credential.RequiresCertificate)) invalid.Add(id);
        return invalid;
    }

    /// <summary>Whether <paramref name="credential"/> holds a usable key hash, none (revoked, or certificate only) or a malformed one.</summary>
    public static RemoteKeyStatus Status(RemoteFacilityCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (string.IsNullOrWhiteSpace(credential.KeySha256)) return credential.RequiresCertificate ? RemoteKeyStatus.Certificate : RemoteKeyStatus.Revoked;
        Span<byte> scratch = stackalloc byte[SHA256.HashSizeInBytes];
        return TryDecode(credential.KeySha256, scratch) ? RemoteKeyStatus.Present : RemoteKeyStatus.Invalid;
    }

    private static bool TryDecode(string? hex, Span<byte> destination) =>
        hex is { Length: SHA256.HashSizeInBytes * 2 }
        && Convert.FromHexString(hex, destination, out _, out int written) == System.Buffers.OperationStatus.Done
        && written == destination.Length;
}
