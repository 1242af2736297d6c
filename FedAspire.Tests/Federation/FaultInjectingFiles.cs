using FedAspire.Aggregator.Persistence;

namespace FedAspire.Tests.Federation;

/// <summary>
/// The real file system with faults at chosen persistence steps: a "crash" (the step and every write after it never happen, as
/// if the process died there), a full disk (the matching writes fail, an append after writing half its bytes), or a read-only
/// folder (every write under it is refused). Every step is recorded so tests can name where they cut.
/// </summary>
internal sealed class FaultInjectingFiles : IDurableFiles
{
    private readonly Lock _gate = new();
    private Func<string, string, bool>? _crashAt;
    private Func<string, string, bool>? _diskFull;
    private string? _readOnly;

    /// <summary>Every step taken, as "operation path".</summary>
    public List<string> Steps { get; } = [];

    /// <summary>True once the crash point was reached: nothing is written any more.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Crashes at the first step (operation: write, append, move; path) matching <paramref name="step"/>.</summary>
    public void CrashAt(Func<string, string, bool> step) => _crashAt = step;

    /// <summary>Fails the matching steps with "No space left on device" until <see cref="Heal"/>.</summary>
    public void DiskFull(Func<string, string, bool> step) => _diskFull = step;

    /// <summary>Refuses every write under <paramref name="directory"/> until <see cref="Heal"/>.</summary>
    public void ReadOnly(string directory) => _readOnly = Path.GetFullPath(directory);

    /// <summary>Removes full-disk and read-only faults (a crash is final: the process is gone).</summary>
    public void Heal()
    {
        _diskFull = null;
        _readOnly = null;
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Check("write", path);
        await PhysicalDurableFiles.Instance.WriteAsync(path, bytes, cancellationToken);
    }

    public async Task AppendAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_diskFull?.Invoke("append", path) == true && !Crashed)
        {
            // A full disk mid-append: half the record lands, the rest does not.
            await PhysicalDurableFiles.Instance.AppendAsync(path, bytes[..(bytes.Length / 2)], cancellationToken);
            throw new IOException($"No space left on device : '{path}'");
        }
        Check("append", path);
        await PhysicalDurableFiles.Instance.AppendAsync(path, bytes, cancellationToken);
    }

    public void Move(string from, string to, bool overwrite)
    {
        Check("move", to);
        PhysicalDurableFiles.Instance.Move(from, to, overwrite);
    }

    public void CreateDirectory(string path)
    {
        if (Crashed) throw new IOException("the process has crashed");
        PhysicalDurableFiles.Instance.CreateDirectory(path);
    }

    private void Check(string operation, string path)
    {
        lock (_gate)
        {
            if (Crashed) throw new IOException($"the process has crashed (before {operation} {path})");
            Steps.Add($"{operation} {path}");
            if (_crashAt?.Invoke(operation, path) == true)
            {
                Crashed = true;
                throw new IOException($"simulated crash at {operation} {path}");
            }
            if (_readOnly is { } ro && Path.GetFullPath(path).StartsWith(ro, StringComparison.Ordinal))
                throw new UnauthorizedAccessException($"Access to the path '{path}' is denied (read-only file system).");
            if (_diskFull?.Invoke(operation, path) == true) throw new IOException($"No space left on device : '{path}'");
        }
    }
}
