using FedAspire.Core.Federation;
using FedAspire.Devices.Grains;
using Orleans.Runtime.Placement;

namespace FedAspire.Lab.Experiments;

/// <summary>Reads every active silo's <see cref="ISiloProbeGrain"/> and the management grain's activation counts per silo.</summary>
public static class SiloProbes
{
    /// <summary>
    /// One sample per active silo, in address order. Each probe is placed on its silo with Orleans' placement hint; a probe that
    /// ran elsewhere would measure the wrong process, so that is an error.
    /// </summary>
    public static async Task<IReadOnlyList<SiloSample>> SampleAsync(IGrainFactory grains, bool collectGarbage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        var samples = new List<SiloSample>();
        // One at a time: forced collections in several silos at once would compete for the same cores.
        foreach (var silo in hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = silo.ToParsableString();
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                var sample = await grains.GetGrain<ISiloProbeGrain>(key).SampleAsync(collectGarbage).WaitAsync(cancellationToken);
                if (sample.Silo != key) throw new InvalidOperationException($"The probe for silo {key} ran on {sample.Silo}.");
                samples.Add(sample);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
        }
        return samples;
    }

    /// <summary>Device grains, facility grains and all activations per silo (parsable address).</summary>
    public static async Task<IReadOnlyDictionary<string, (int Devices, int Facilities, int Activations)>> ActivationsAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.GroupBy(s => s.SiloAddress.ToParsableString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => (
            g.Where(s => Is<DeviceGrain>(s.GrainType)).Sum(s => s.ActivationCount),
            g.Where(s => Is<FacilityGrain>(s.GrainType)).Sum(s => s.ActivationCount),
            g.Sum(s => s.ActivationCount)), StringComparer.Ordinal);
    }

    // The statistics name a grain class as Orleans formats types: "Namespace.Class,Assembly".
    private static bool Is<TGrain>(string grainType) =>
        grainType.StartsWith(typeof(TGrain).FullName!, StringComparison.Ordinal) && grainType.AsSpan(typeof(TGrain).FullName!.Length) is [] or [',', ..];
}
