namespace FedAspire.Core.Telemetry;

/// <summary>Thread-safe counts of what a telemetry source delivered, refused (per reason) and retried; hosts export them as metrics.</summary>
public sealed class TelemetryIngestionCounters
{
    private long _delivered;
    private long _batches;
    private long _retries;
    private readonly long[] _rejected = new long[Enum.GetValues<TelemetryRejectionReason>().Length];

    /// <summary>Raised after each rejection (hooked to the FedAspire meter by hosts).</summary>
    public event Action<TelemetryRejection>? Rejected;

    /// <summary>Records handed to the handler successfully.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Batches handled successfully.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Failed handler calls whose batch was delivered again.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>All rejected records.</summary>
    public long RejectedTotal
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _rejected.Length; i++) total += Interlocked.Read(ref _rejected[i]);
            return total;
        }
    }

    /// <summary>Rejected records of one reason.</summary>
    public long RejectedOf(TelemetryRejectionReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Counts a handled batch of <paramref name="records"/> records.</summary>
    public void CountBatch(int records)
    {
        Interlocked.Add(ref _delivered, records);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Counts a failed handler call.</summary>
    public void CountRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Counts a rejection.</summary>
    public void CountRejection(TelemetryRejection rejection)
    {
        Interlocked.Increment(ref _rejected[(int)rejection.Reason]);
        Rejected?.Invoke(rejection);
    }
}
