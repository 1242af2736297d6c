namespace FedAspire.Core.Federation.Remote;

/// <summary>
/// The HTTP side of a remote facility (key: facility id): the remote client long-polls for the instruction the aggregator parked
/// and delivers its answer. The aggregator side is the same grain seen as an <see cref="Core.Federation.IFacilityGrain"/>.
/// </summary>
public interface IRemoteFacilityGrain : IGrainWithStringKey
{
    /// <summary>The parked work for <paramref name="federation"/>, waiting up to <paramref name="wait"/> for one; null when none arrived.</summary>
    Task<RemoteWorkDocument?> WaitForWorkAsync(string federation, TimeSpan wait);

    /// <summary>When the client last polled for work and last delivered a result since this activation (for the dashboard).</summary>
    Task<RemoteFacilityActivity> GetActivityAsync();

    /// <summary>Hands <paramref name="result"/> for round <paramref name="roundId"/> to the waiting aggregator call, after checking its shape.</summary>
    Task<RemoteDelivery> DeliverAsync(string federation, long roundId, RemoteResultDocument result);
}
