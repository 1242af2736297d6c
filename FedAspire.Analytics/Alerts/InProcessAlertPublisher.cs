using FedAspire.Analytics.Model;

namespace FedAspire.Analytics.Alerts;

/// <summary>Embedded alert feed: counts alerts and keeps the most recent ones in memory.</summary>
public sealed class InProcessAlertPublisher(int capacity = 1000) : IAlertPublisher
{
    private readonly Lock _gate = new();
    private readonly Queue<AnomalyAlert> _recent = new();
    private long _published;

    /// <inheritdoc/>
    public string Description => $"in-process (last {capacity} kept in memory)";

    /// <summary>Alerts published since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>The most recent alerts, oldest first.</summary>
    public IReadOnlyList<AnomalyAlert> Recent
    {
        get { lock (_gate) return _recent.ToArray(); }
    }

    /// <inheritdoc/>
    public Task PublishAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var alert in alerts) _recent.Enqueue(alert);
            while (_recent.Count > capacity) _recent.Dequeue();
        }
        Interlocked.Add(ref _published, alerts.Count);
        return Task.CompletedTask;
    }
}
