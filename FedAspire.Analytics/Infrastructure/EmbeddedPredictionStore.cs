using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FedAspire.Analytics.Model;
using FedAspire.Analytics.Scoring;

namespace FedAspire.Analytics.Infrastructure;

/// <summary>
/// The prediction store used without MongoDB: a bounded ring per device and one for anomalies in memory, plus an append-only
/// JSON-lines file per UTC day on disk. Retention drops older entries from queries and deletes day files past it.
/// </summary>
public sealed class EmbeddedPredictionStore : IPredictionStore, IDisposable
{
    private readonly PredictionStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Ring> _devices = new(StringComparer.Ordinal);
    private readonly Ring _anomalies;
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private StreamWriter? _writer;
    private DateOnly _writerDay;
    private DateOnly _lastSweepDay;

    /// <summary>A store with <paramref name="options"/>; <paramref name="time"/> defaults to the system clock.</summary>
    public EmbeddedPredictionStore(PredictionStoreOptions options, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(options.Directory)) options.Directory = null;
        _options = options;
        _time = time ?? TimeProvider.System;
        _anomalies = new Ring(options.AnomalyCapacity);
        if (options.Directory is { } dir) Directory.CreateDirectory(dir);
    }

    /// <inheritdoc/>
    public string Description => _options.Directory is { } dir
        ? $"embedded (memory rings + JSON lines in {Path.GetFullPath(dir)}, retention {_options.Retention})"
        : $"embedded (memory only, retention {_options.Retention})";

    /// <inheritdoc/>
    public async Task AddAsync(IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken)
    {
        foreach (var p in predictions)
        {
            _devices.GetOrAdd(p.DeviceId, _ => new Ring(_options.PerDeviceCapacity)).Add(p);
            if (p.Anomaly) _anomalies.Add(p);
        }
        if (_options.Directory is not null) await AppendAsync(predictions, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Prediction>> GetDeviceScoresAsync(string deviceId, DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Prediction>>(_devices.TryGetValue(deviceId, out var ring) ? ring.Newest(Cutoff(since), limit) : []);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Prediction>> GetAnomaliesAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Prediction>>(_anomalies.Newest(Cutoff(since), limit));

    /// <summary>The day files currently on disk, oldest first.</summary>
    public IReadOnlyList<string> DayFiles() => _options.Directory is { } dir && Directory.Exists(dir)
        ? Directory.GetFiles(dir, "predictions-*.jsonl").Order(StringComparer.Ordinal).ToArray()
        : [];

    private DateTimeOffset Cutoff(DateTimeOffset? since)
    {
        var retained = _time.GetUtcNow() - _options.Retention;
        return since is { } s && s > retained ? s : retained;
    }

    private async Task AppendAsync(IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken)
    {
        await _fileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
            if (_writer is null || today != _writerDay)
            {
                if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
                var path = Path.Combine(_options.Directory!, $"predictions-{today:yyyyMMdd}.jsonl");
                _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
                _writerDay = today;
            }
            foreach (var p in predictions)
                await _writer.WriteLineAsync(JsonSerializer.Serialize(p, ScoringJsonContext.Default.Prediction).AsMemory(), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (today != _lastSweepDay)
            {
                DeleteExpiredFiles(today);
                _lastSweepDay = today;
            }
        }
        finally
        {
            _fileGate.Release();
        }
    }

    private void DeleteExpiredFiles(DateOnly today)
    {
        // A day file is deleted once its whole day is older than the retention period.
        var oldestKept = DateOnly.FromDateTime((_time.GetUtcNow() - _options.Retention).UtcDateTime);
        foreach (var file in DayFiles())
        {
            var stamp = Path.GetFileNameWithoutExtension(file)["predictions-".Length..];
            if (DateOnly.TryParseExact(stamp, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldestKept && day != today)
                File.Delete(file);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer?.Dispose();
        _fileGate.Dispose();
    }

    private sealed class Ring(int capacity)
    {
        private readonly Prediction[] _items = new Prediction[Math.Max(1, capacity)];
        private readonly Lock _gate = new();
        private int _next, _count;

        public void Add(Prediction p)
        {
            lock (_gate)
            {
                _items[_next] = p;
                _next = (_next + 1) % _items.Length;
                if (_count < _items.Length) _count++;
            }
        }

        public IReadOnlyList<Prediction> Newest(DateTimeOffset after, int limit)
        {
            var result = new List<Prediction>(Math.Min(limit, _count));
            lock (_gate)
            {
                for (int k = 0; k < _count && result.Count < limit; k++)
                {
                    var p = _items[(_next - 1 - k + _items.Length) % _items.Length];
                    if (p.Timestamp > after) result.Add(p);
                }
            }
            return result;
        }
    }
}
