using System.Globalization;
using System.Security.Cryptography;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Reads the embedded model registry on disk (FedAspire.Aggregator's file registry layout:
/// <c>{root}/{federation}/versions/NNNNNN.json</c> + <c>NNNNNN.onnx</c>, the JSON landing last, and <c>{federation}/epoch</c>).
/// The identity is <c>{epoch}.{version}.{SHA-256 of the ONNX file}</c>: a deleted and restarted registry has a new epoch, and a
/// replaced file a new hash, so both are noticed even when the version number goes down.
/// </summary>
public sealed class RegistryDirectoryModelSource(string root, string federation) : IGlobalModelSource
{
    private readonly string _federation = Path.Combine(Path.GetFullPath(root), federation);

    private string Versions => Path.Combine(_federation, "versions");

    /// <inheritdoc/>
    public string Description => $"registry directory {Versions}";

    /// <inheritdoc/>
    public async Task<GlobalModelCandidate?> TryGetChangedAsync(string? knownIdentity, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Versions)) return null;
        long latest = -1;
        foreach (var file in Directory.EnumerateFiles(Versions, "*.json"))
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                && v > latest && File.Exists(Path.ChangeExtension(file, ".onnx")))
                latest = v;
        if (latest < 0) return null;
        var path = Path.Combine(Versions, latest.ToString("D6", CultureInfo.InvariantCulture) + ".onnx");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0) return null;
        var epochPath = Path.Combine(_federation, "epoch");
        var epoch = File.Exists(epochPath) ? (await File.ReadAllTextAsync(epochPath, cancellationToken).ConfigureAwait(false)).Trim() : "none";
        var identity = $"{epoch}.{latest}.{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        return identity == knownIdentity ? null : new GlobalModelCandidate(identity, latest, bytes, path);
    }
}
