using System.Globalization;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Reads the embedded model registry on disk (FedAspire.Aggregator's file registry layout:
/// <c>{root}/{federation}/versions/NNNNNN.json</c> + <c>NNNNNN.onnx</c>; the JSON document lands last, so it marks a complete version).
/// </summary>
public sealed class RegistryDirectoryModelSource(string root, string federation) : IGlobalModelSource
{
    private readonly string _versions = Path.Combine(Path.GetFullPath(root), federation, "versions");

    /// <inheritdoc/>
    public string Description => $"registry directory {_versions}";

    /// <inheritdoc/>
    public async Task<GlobalModelCandidate?> TryGetNewerAsync(long knownVersion, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_versions)) return null;
        long latest = -1;
        foreach (var file in Directory.EnumerateFiles(_versions, "*.json"))
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                && v > latest && File.Exists(Path.ChangeExtension(file, ".onnx")))
                latest = v;
        if (latest <= knownVersion) return null;
        var path = Path.Combine(_versions, latest.ToString("D6", CultureInfo.InvariantCulture) + ".onnx");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return bytes.Length == 0 ? null : new GlobalModelCandidate(latest, bytes, path);
    }
}
