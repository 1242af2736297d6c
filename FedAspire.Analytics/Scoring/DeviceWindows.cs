using FedAspire.Core.Telemetry;

namespace FedAspire.Analytics.Scoring;

/// <summary>
/// Per-device state of the streaming scorer: the last sequence number seen (redelivered records are dropped) and, for windowed
/// models, the last <c>Window</c> mapped readings, so each new reading yields the window that ends with it.
/// </summary>
internal sealed class DeviceWindows(FeatureMapper mapper, int window)
{
    private readonly Dictionary<string, State> _devices = new(StringComparer.Ordinal);
    private readonly int _features = mapper.FeatureCount;

    /// <summary>Window length.</summary>
    public int Window { get; } = window;

    /// <summary>
    /// Adds <paramref name="record"/>; returns true when a full window ending with it was written into <paramref name="values"/> and
    /// <paramref name="mask"/> (length Window x F). <paramref name="duplicate"/> is true when its sequence number was already seen.
    /// </summary>
    public bool TryPush(TelemetryRecord record, Span<float> values, Span<float> mask, out bool duplicate)
    {
        if (!_devices.TryGetValue(record.DeviceId, out var state))
            _devices[record.DeviceId] = state = new State(Window == 1 ? 0 : Window * _features);
        duplicate = record.Sequence <= state.LastSequence;
        if (duplicate) return false;
        state.LastSequence = record.Sequence;
        if (Window == 1)
            // A reading with none of the model's features carries no evidence: no prediction rather than a score of 0.
            return mapper.Map(record, values, mask) > 0;
        int row = state.Next * _features;
        mapper.Map(record, state.Values.AsSpan(row, _features), state.Mask.AsSpan(row, _features));
        state.Next = (state.Next + 1) % Window;
        if (state.Filled < Window) state.Filled++;
        if (state.Filled < Window) return false;
        // The ring's oldest row is at Next; copy it out time-ordered (oldest first).
        int head = state.Next * _features, tail = state.Values.Length - head;
        state.Values.AsSpan(head).CopyTo(values);
        state.Values.AsSpan(0, head).CopyTo(values[tail..]);
        state.Mask.AsSpan(head).CopyTo(mask);
        state.Mask.AsSpan(0, head).CopyTo(mask[tail..]);
        return true;
    }

    /// <summary>Forgets the devices' state (after a failed batch that will be delivered again).</summary>
    public void Reset(IEnumerable<string> deviceIds)
    {
        foreach (var id in deviceIds) _devices.Remove(id);
    }

    /// <summary>Number of devices tracked.</summary>
    public int DeviceCount => _devices.Count;

    private sealed class State(int size)
    {
        public readonly float[] Values = new float[size];
        public readonly float[] Mask = new float[size];
        public long LastSequence = long.MinValue;
        public int Next;
        public int Filled;
    }
}
