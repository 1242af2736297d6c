using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FedAspire.Devices.Cluster;

/// <summary>Orleans runtime limits a large federation may need raised (section <c>FedAspire:Cluster</c>; unset keeps Orleans' defaults).</summary>
public sealed class SiloRuntimeOptions
{
    /// <summary>The configuration section (shared with <see cref="ClusterMembershipGate"/>'s keys).</summary>
    public const string Section = "FedAspire:Cluster";

    /// <summary>
    /// Seconds a grain call may wait for its response. A round over millions of device grains keeps each facility's training call
    /// open for minutes, and Orleans' default (30 s) would fail it while the round's own deadline still allows it.
    /// </summary>
    public double? ResponseTimeoutSeconds { get; set; }

    /// <summary>
    /// Minutes an idle grain stays activated. A device grain's buffer lives only in memory: when ingesting millions of devices
    /// takes longer than Orleans' default age, the first devices would be deactivated, and lose their readings, before the round.
    /// </summary>
    public double? CollectionAgeMinutes { get; set; }

    /// <summary>Binds and checks the section; throws <see cref="OptionsValidationException"/> naming the key.</summary>
    public static SiloRuntimeOptions Read(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = new SiloRuntimeOptions();
        config.GetSection(Section).Bind(o);
        var failures = new List<string>();
        if (o.ResponseTimeoutSeconds is <= 0 or double.NaN) failures.Add($"{Section}:{nameof(ResponseTimeoutSeconds)}: must be above 0, got {o.ResponseTimeoutSeconds}.");
        if (o.CollectionAgeMinutes is <= 0 or double.NaN) failures.Add($"{Section}:{nameof(CollectionAgeMinutes)}: must be above 0, got {o.CollectionAgeMinutes}.");
        return failures.Count == 0 ? o : throw new OptionsValidationException(Section, typeof(SiloRuntimeOptions), failures);
    }

    /// <summary>Sets the configured limits on <paramref name="silo"/>.</summary>
    public void Apply(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (ResponseTimeoutSeconds is { } response) silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(response));
        if (CollectionAgeMinutes is { } age) silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(age));
    }
}
