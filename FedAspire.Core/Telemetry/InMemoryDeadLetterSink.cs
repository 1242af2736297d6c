namespace FedAspire.Core.Telemetry;

/// <summary>Embedded dead-letter store: keeps the most recent refused messages (bounded) for inspection and tests.</summary>
public sealed class InMemoryDeadLetterSink(int capacity = 1000) : ITelemetryDeadLetterSink
{
    private readonly Lock _gate = new();
    private readonly Queue<DeadLetter> _recent = new();

    /// <summary>The most recent refusals, oldest first.</summary>
    public IReadOnlyList<DeadLetter> Recent
    {
        get { lock (_gate) return _recent.ToArray(); }
    }

    /// <inheritdoc/>
    public ValueTask PublishAsync(string? key, ReadOnlyMemory<byte> payload, TelemetryRejection rejection, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _recent.Enqueue(new DeadLetter(key, payload.ToArray(), rejection, DateTimeOffset.UtcNow));
            while (_recent.Count > capacity) _recent.Dequeue();
        }
        return ValueTask.CompletedTask;
    }
}
