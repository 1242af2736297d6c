using System.Threading.Channels;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// The embedded stand-in for the Kafka <c>telemetry</c> topic: every subscriber group gets its own bounded channel and sees every
/// published record (like a Kafka consumer group); a full channel makes the publisher wait (back-pressure, no silent loss).
/// </summary>
public sealed class InProcessTelemetryBus
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private Channel<TelemetryRecord>[] _groups = [];
    private readonly Dictionary<string, Channel<TelemetryRecord>> _byName = new(StringComparer.Ordinal);

    /// <summary>A bus whose groups each buffer up to <paramref name="capacityPerGroup"/> records.</summary>
    public InProcessTelemetryBus(int capacityPerGroup = 65_536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerGroup, 1);
        _capacity = capacityPerGroup;
    }

    /// <summary>The reader of group <paramref name="group"/>, created on first use; records published before it existed are not replayed.</summary>
    public ChannelReader<TelemetryRecord> Subscribe(string group)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(group, out var existing)) return existing.Reader;
            var channel = Channel.CreateBounded<TelemetryRecord>(new BoundedChannelOptions(_capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = false,
                SingleWriter = false,
            });
            _byName[group] = channel;
            _groups = [.. _groups, channel];
            return channel.Reader;
        }
    }

    /// <summary>Delivers <paramref name="record"/> to every group, waiting while a group's buffer is full.</summary>
    public async ValueTask PublishAsync(TelemetryRecord record, CancellationToken cancellationToken = default)
    {
        foreach (var channel in _groups)
            if (!channel.Writer.TryWrite(record))
                await channel.Writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes every group's channel: readers drain what is buffered, then end.</summary>
    public void Complete()
    {
        lock (_gate) foreach (var channel in _groups) channel.Writer.TryComplete();
    }
}
