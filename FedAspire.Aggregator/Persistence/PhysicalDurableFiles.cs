namespace FedAspire.Aggregator.Persistence;

/// <summary>The real file system: every write is flushed to the device before the call returns.</summary>
public sealed class PhysicalDurableFiles : IDurableFiles
{
    /// <summary>The shared instance.</summary>
    public static PhysicalDurableFiles Instance { get; } = new();

    /// <inheritdoc />
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        await stream.WriteAsync(bytes, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public async Task AppendAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await stream.WriteAsync(bytes, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public void Move(string from, string to, bool overwrite) => File.Move(from, to, overwrite);

    /// <inheritdoc />
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);
}
