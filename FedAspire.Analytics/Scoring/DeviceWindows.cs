using FedAspire.Core.Learning;
using FedAspire.Core.Telemetry;

namespace FedAspire.Analytics.Scoring;

/// <summary>
/// Per-device state of the streaming scorer: the last sequence number seen (redelivered records are dropped), the last
/// <c>Window</c> mapped readings, so each new reading yields the window that ends with it, and, under local normalization
/// (<paramref name="statistics"/> given), the device's own statistics: windows come out standardized with them.
/// </summary>
internal sealed class DeviceWindows(FeatureMapper mapper, int window, DeviceStatisticsOptions? statistics = null)
{
    private readonly Dictionary<string, State> _devices = new(StringComparer.Ordinal);
    private readonly int _features = mapper.FeatureCount;
    private float[]? _scratch;

    /// <summary>Window length.</summary>
    public int Window { get; } = window;

    /// <summary>Readings held back because their device was still measuring its own statistics.</summary>
    public long WarmingReadings { get; private set; }

    /// <summary>The statistics the window just written by <see cref="TryPush"/> was standardized with (null under global normalization).</summary>
    public FeatureNormalization? LastNormalization { get; private set; }

    /// <summary>
    /// Adds <paramref name="record"/>; returns true when a full window ending with it was written into <paramref name="values"/> and
    /// <paramref name="mask"/> (length Window x F). <paramref name="duplicate"/> is true when its sequence number was already seen.
    /// </summary>
    public bool TryPush(TelemetryRecord record, Span<float> values, Span<float> mask, out bool duplicate)
    {
        if (!_devices.TryGetValue(record.DeviceId, out var state))
            _devices[record.DeviceId] = state = new State(Window * _features, statistics is null ? null : new NormalizationStatistics(_features));
        duplicate = record.Sequence <= state.LastSequence;
        if (duplicate) return false;
        state.LastSequence = record.Sequence;
        int row = state.Next * _features;
        var newest = state.Values.AsSpan(row, _features);
        var newestMask = state.Mask.AsSpan(row, _features);
        // A reading with none of the model's features carries no evidence: no prediction rather than a score of 0.
        bool observed = mapper.Map(record, newest, newestMask) > 0;
        state.Next = (state.Next + 1) % Window;
        if (state.Filled < Window) state.Filled++;
        if (statistics is not null && state.Tracker is null)
        {
            // Warm-up: the device's own mean and std come from its first readings, which are not scored.
            state.Warmup!.Observe(newest, newestMask);
            WarmingReadings++;
            if (++state.WarmupSeen >= statistics.WarmupReadings)
                state.Tracker = new DriftTracker(state.Warmup.ToNormalization(), statistics.DriftHorizonReadings);
            return false;
        }
        if (state.Filled < Window || (Window == 1 && !observed)) return false;
        // The ring's oldest row is at Next; copy it out time-ordered (oldest first).
        int head = state.Next * _features, tail = state.Values.Length - head;
        state.Values.AsSpan(head).CopyTo(values);
        state.Values.AsSpan(0, head).CopyTo(values[tail..]);
        state.Mask.AsSpan(head).CopyTo(mask);
        state.Mask.AsSpan(0, head).CopyTo(mask[tail..]);
        LastNormalization = state.Tracker?.Normalization;
        LastNormalization?.Normalize(values, mask, values);
        return true;
    }

    /// <summary>
    /// Tells a device's statistics whether one of its windows raised an alarm: <paramref name="newestRow"/> is that window's last
    /// reading as scored (standardized with <paramref name="used"/>, the <see cref="LastNormalization"/> of its push), since a
    /// batch may hold several windows of one device. Only windows that did not alarm move its means (see <see cref="DriftTracker"/>).
    /// No-op under global normalization.
    /// </summary>
    public void Observe(string deviceId, ReadOnlySpan<float> newestRow, ReadOnlySpan<float> newestMask, FeatureNormalization? used, bool alarmed)
    {
        if (used is null || !_devices.TryGetValue(deviceId, out var state) || state.Tracker is not { } tracker) return;
        var raw = _scratch ??= new float[_features];
        for (int f = 0; f < _features; f++) raw[f] = newestMask[f] == 0f ? float.NaN : newestRow[f] * used.Scale(f) + used.Mean[f];
        tracker.Observe(raw, newestMask, alarmed);
    }

    /// <summary>Forgets the devices' state (after a failed batch that will be delivered again).</summary>
    public void Reset(IEnumerable<string> deviceIds)
    {
        foreach (var id in deviceIds) _devices.Remove(id);
    }

    /// <summary>Number of devices tracked.</summary>
    public int DeviceCount => _devices.Count;

    private sealed class State(int size, NormalizationStatistics? warmup)
    {
        public readonly float[] Values = new float[size];
        public readonly float[] Mask = new float[size];
        public readonly NormalizationStatistics? Warmup = warmup;
        public DriftTracker? Tracker;
        public int WarmupSeen;
        public long LastSequence = long.MinValue;
        public int Next;
        public int Filled;
    }
}
