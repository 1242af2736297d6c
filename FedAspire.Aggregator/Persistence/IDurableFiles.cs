namespace FedAspire.Aggregator.Persistence;

/// <summary>
/// The file-system writes the registry and the checkpoint make, one call per persistence step, so tests can fail (disk full,
/// read-only folder) or "crash" at exactly one of them. Reads go to the file system directly: they never change state.
/// </summary>
public interface IDurableFiles
{
    /// <summary>Creates or truncates <paramref name="path"/>, writes <paramref name="bytes"/> and flushes them to disk.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="bytes"/> to <paramref name="path"/> (created when missing) and flushes them to disk.</summary>
    Task AppendAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; without <paramref name="overwrite"/> an existing target fails with <see cref="IOException"/>.</summary>
    void Move(string from, string to, bool overwrite);

    /// <summary>Creates <paramref name="path"/> and its parents when missing.</summary>
    void CreateDirectory(string path);
}
