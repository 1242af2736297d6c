using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// The identity of a version's payload: SHA-256 over what a scorer uses (ONNX export, parameters, normalization, threshold),
/// hex. Two saves of one version number with the same fingerprint are the same publication; a different one is refused.
/// </summary>
public static class VersionFingerprint
{
    /// <summary>The fingerprint of <paramref name="version"/> (provenance such as the creation time is not part of it).</summary>
    public static string Of(GlobalModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(version.Federation + "\n"));
        hash.AppendData(BitConverter.GetBytes(version.Version));
        hash.AppendData(BitConverter.GetBytes(version.Threshold));
        hash.AppendData(version.Onnx);
        hash.AppendData(MemoryMarshal.AsBytes(version.Parameters.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(version.Normalization.Mean.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(version.Normalization.Std.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
