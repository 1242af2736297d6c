using System.Globalization;

namespace FedAspire.Lab.Cluster;

/// <summary>
/// Watches the machine's available memory (<c>MemAvailable</c> in /proc/meminfo) while a scale run grows, and cancels
/// <see cref="Token"/> once it falls below a floor: a run that would otherwise end in the kernel's OOM killer (or swapping) stops
/// first, and its processes are killed by their owner. Off where /proc/meminfo does not exist.
/// </summary>
public sealed class MemoryGuard : IDisposable
{
    private readonly CancellationTokenSource _breached = new();
    private readonly Timer? _timer;
    private readonly long _floorBytes;
    private readonly Lock _gate = new();
    private bool _disposed;

    private MemoryGuard(long floorBytes, TimeSpan period)
    {
        _floorBytes = floorBytes;
        if (AvailableBytes() is not null) _timer = new Timer(_ => Check(), null, TimeSpan.Zero, period);
    }

    /// <summary>Cancelled when available memory fell below the floor.</summary>
    public CancellationToken Token => _breached.Token;

    /// <summary>Why the guard fired, or null while it has not.</summary>
    public string? Breach { get; private set; }

    /// <summary>Starts watching every <paramref name="period"/>.</summary>
    public static MemoryGuard Start(long floorBytes, TimeSpan period) => new(floorBytes, period);

    /// <summary>The machine's available memory in bytes, or null where /proc/meminfo is absent.</summary>
    public static long? AvailableBytes()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            // "MemAvailable:   21958424 kB"
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib * 1024 : null;
        }
        return null;
    }

    private void Check()
    {
        if (Breach is not null || AvailableBytes() is not { } available || available >= _floorBytes) return;
        // The timer may fire once more while the guard is disposed: cancel only a live source.
        lock (_gate)
        {
            if (_disposed) return;
            Breach = string.Create(CultureInfo.InvariantCulture, $"the machine's available memory fell to {available / 1048576.0:N0} MiB, below the guard's floor of {_floorBytes / 1048576.0:N0} MiB");
            _breached.Cancel();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _breached.Dispose();
        }
    }
}
