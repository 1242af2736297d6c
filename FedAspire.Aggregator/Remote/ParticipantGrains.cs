using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Remote;

/// <summary>Resolves a participant id to its grain: a configured remote facility's <see cref="RemoteFacilityGrain"/>, else the in-cluster facility grain.</summary>
public static class ParticipantGrains
{
    /// <summary>The <see cref="IFacilityGrain"/> the aggregator calls for <paramref name="participantId"/>.</summary>
    public static IFacilityGrain GetParticipant(this IGrainFactory grains, string participantId, RemoteFacilityOptions remote)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(remote);
        // IFacilityGrain's default implementation is FacilityGrain (Orleans matches the interface name without its 'I').
        return remote.IsRemote(participantId)
            ? grains.GetGrain<IFacilityGrain>(participantId, RemoteFacilityGrain.ClassName)
            : grains.GetGrain<IFacilityGrain>(participantId);
    }
}
