namespace FedAspire.Devices.Cluster;

/// <summary>Memory-pressure shedding of idle grain activations, bound from <c>FedAspire:Silo:ActivationShedding</c>.</summary>
/// <remarks>
/// A silo holding millions of device grains runs out of memory long before their idle timeout (Orleans' collection age, two hours
/// by default) frees any: with shedding on, Orleans deactivates the least recently used activations once the process uses
/// <see cref="MemoryLimitPercent"/> of the machine's memory, until it is back under <see cref="MemoryTargetPercent"/>. A shed device
/// grain loses its in-memory reading buffer (recent readings, refilled from the stream) and nothing else: models, thresholds and
/// rounds live in the aggregator's persisted state and the registry. Losing a buffer beats the silo dying of an out-of-memory kill.
/// </remarks>
public sealed class ActivationSheddingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Silo:ActivationShedding";

    /// <summary>Shed idle activations under memory pressure (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Memory use, percent of the machine's, at which shedding starts.</summary>
    public double MemoryLimitPercent { get; set; } = 85;

    /// <summary>Memory use, percent, shedding brings the silo back under.</summary>
    public double MemoryTargetPercent { get; set; } = 75;

    /// <summary>How often memory use is polled, in seconds.</summary>
    public double PollingSeconds { get; set; } = 5;

    /// <summary>Throws naming the key when the percentages are out of range or the target is not below the limit.</summary>
    public ActivationSheddingOptions Validate()
    {
        if (!(MemoryLimitPercent > 0 && MemoryLimitPercent <= 100))
            throw new InvalidOperationException($"{Section}:MemoryLimitPercent: must be in (0, 100], got {MemoryLimitPercent}.");
        if (!(MemoryTargetPercent > 0 && MemoryTargetPercent < MemoryLimitPercent))
            throw new InvalidOperationException($"{Section}:MemoryTargetPercent: must be in (0, MemoryLimitPercent), got {MemoryTargetPercent} (limit {MemoryLimitPercent}).");
        if (!(PollingSeconds > 0 && PollingSeconds <= 3600))
            throw new InvalidOperationException($"{Section}:PollingSeconds: must be in (0, 3600], got {PollingSeconds}.");
        return this;
    }
}
