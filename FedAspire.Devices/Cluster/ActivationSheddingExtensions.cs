using Orleans.Configuration;

namespace FedAspire.Devices.Cluster;

/// <summary>Wires <see cref="ActivationSheddingOptions"/> into Orleans' grain collection.</summary>
public static class ActivationSheddingExtensions
{
    /// <summary>Binds and validates <see cref="ActivationSheddingOptions"/> (a bad value fails here, naming its key) and applies them.</summary>
    public static ISiloBuilder AddActivationShedding(this ISiloBuilder silo, IConfiguration config, List<(string, string)>? backends = null)
    {
        var options = (config.GetSection(ActivationSheddingOptions.Section).Get<ActivationSheddingOptions>() ?? new ActivationSheddingOptions()).Validate();
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.EnableActivationSheddingOnMemoryPressure = options.Enabled;
            o.MemoryUsageLimitPercentage = options.MemoryLimitPercent;
            o.MemoryUsageTargetPercentage = options.MemoryTargetPercent;
            o.MemoryUsagePollingPeriod = TimeSpan.FromSeconds(options.PollingSeconds);
        });
        backends?.Add(("Activation shedding", options.Enabled
            ? $"idle activations shed above {options.MemoryLimitPercent}% memory, down to {options.MemoryTargetPercent}% ({ActivationSheddingOptions.Section})"
            : $"off ({ActivationSheddingOptions.Section}:Enabled)"));
        return silo;
    }
}
