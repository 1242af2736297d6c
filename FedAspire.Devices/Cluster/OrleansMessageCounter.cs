using System.Diagnostics.Metrics;
using FedAspire.Core.Federation;

namespace FedAspire.Devices.Cluster;

/// <summary>
/// Counts this process's Orleans messages from the runtime's own instruments (meter <c>Microsoft.Orleans</c>): every message
/// written to or read from a connection is one measurement of <c>orleans-messaging-sent-messages-size</c> /
/// <c>orleans-messaging-received-messages-size</c> (its size in bytes), and <c>orleans-messaging-sent-local</c> counts calls
/// delivered inside the silo. Counting starts when this object is created.
/// </summary>
public sealed class OrleansMessageCounter : IDisposable
{
    /// <summary>The Orleans runtime's meter.</summary>
    public const string MeterName = "Microsoft.Orleans";

    private const string SentSize = "orleans-messaging-sent-messages-size";
    private const string ReceivedSize = "orleans-messaging-received-messages-size";
    private const string SentLocal = "orleans-messaging-sent-local";

    private readonly MeterListener _listener = new();
    private readonly Lock _observe = new();
    private long _sent, _sentBytes, _received, _receivedBytes, _local;

    /// <summary>Subscribes to the three instruments (also those created later).</summary>
    public OrleansMessageCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is SentSize or ReceivedSize or SentLocal) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, bytes, _, _) =>
        {
            if (instrument.Name == SentSize)
            {
                Interlocked.Increment(ref _sent);
                Interlocked.Add(ref _sentBytes, bytes);
            }
            else if (instrument.Name == ReceivedSize)
            {
                Interlocked.Increment(ref _received);
                Interlocked.Add(ref _receivedBytes, bytes);
            }
        });
        // The local count is an observable counter: each observation reports the runtime's running totals (one per tag set).
        _listener.SetMeasurementEventCallback<long>((instrument, total, _, _) =>
        {
            if (instrument.Name == SentLocal) Interlocked.Add(ref _local, total);
        });
        _listener.Start();
    }

    /// <summary>The counts so far (the local count is the runtime's total since the silo started).</summary>
    public SiloMessageCounts Read()
    {
        long local;
        lock (_observe)
        {
            Interlocked.Exchange(ref _local, 0);
            _listener.RecordObservableInstruments();
            local = Interlocked.Read(ref _local);
        }
        return new SiloMessageCounts(Interlocked.Read(ref _sent), Interlocked.Read(ref _sentBytes), Interlocked.Read(ref _received),
            Interlocked.Read(ref _receivedBytes), local);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
