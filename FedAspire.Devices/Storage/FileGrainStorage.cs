using System.Buffers.Binary;
using System.Globalization;
using FedAspire.Aggregator.Persistence;
using Orleans.Serialization;
using Orleans.Storage;

namespace FedAspire.Devices.Storage;

/// <summary>
/// Grain storage in a local directory, one file per grain and state name, written with the Orleans serializer to a temporary
/// file and renamed over the old one (atomic on one file system). It lets the embedded one-command run checkpoint and resume
/// across full restarts without a database. Optimistic concurrency: the ETag is a version number kept in the file header.
/// </summary>
public sealed class FileGrainStorage(string name, string directory, Serializer serializer, IDurableFiles? files = null) : IGrainStorage
{
    private readonly string _directory = Path.GetFullPath(directory);
    private readonly IDurableFiles _files = files ?? PhysicalDurableFiles.Instance;

    /// <summary>Provider name (e.g. "Default").</summary>
    public string Name { get; } = name;

    /// <summary>The absolute directory holding the state files.</summary>
    public string Directory => _directory;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        if (bytes.Length < sizeof(long))
            throw new InvalidDataException($"Grain state file {path} is truncated ({bytes.Length} bytes).");
        long version = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        grainState.State = serializer.Deserialize<T>(bytes.AsMemory(sizeof(long)));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        long stored = await ReadVersionAsync(path);
        CheckETag(path, stored, grainState.ETag);
        long next = stored + 1;
        var payload = serializer.SerializeToArray(grainState.State);
        var bytes = new byte[sizeof(long) + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, next);
        payload.CopyTo(bytes, sizeof(long));
        _files.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        await _files.WriteAsync(temp, bytes, CancellationToken.None);
        _files.Move(temp, path, overwrite: true);
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        CheckETag(path, await ReadVersionAsync(path), grainState.ETag);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static void CheckETag(string path, long stored, string? etag)
    {
        string? expected = stored == 0 ? null : stored.ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(expected, etag, StringComparison.Ordinal))
            throw new InconsistentStateException($"Grain state file {path} is at version {expected ?? "(none)"} but the grain holds {etag ?? "(none)"}.", expected ?? "", etag ?? "");
    }

    private static async Task<long> ReadVersionAsync(string path)
    {
        if (!File.Exists(path)) return 0;
        await using var stream = File.OpenRead(path);
        var header = new byte[sizeof(long)];
        await stream.ReadExactlyAsync(header);
        return BinaryPrimitives.ReadInt64LittleEndian(header);
    }

    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(_directory, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".bin");
}
