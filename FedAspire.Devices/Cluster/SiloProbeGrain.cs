using FedAspire.Core.Federation;

namespace FedAspire.Devices.Cluster;

/// <summary>Answers <see cref="ISiloProbeGrain"/> from the process it was placed in (see <see cref="SiloProbe"/>).</summary>
public sealed class SiloProbeGrain(SiloProbe probe, ILocalSiloDetails silo) : Grain, ISiloProbeGrain
{
    /// <inheritdoc />
    public Task<SiloSample> SampleAsync(bool collectGarbage) =>
        Task.FromResult(probe.Sample(silo.SiloAddress.ToParsableString(), collectGarbage));
}
