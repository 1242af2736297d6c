namespace FedAspire.Core.Federation.Remote;

/// <summary>Outcome of <see cref="IRemoteFacilityGrain.DeliverAsync"/>.</summary>
public enum RemoteDeliveryStatus
{
    /// <summary>Handed to the waiting aggregator (202).</summary>
    Accepted,

    /// <summary>Malformed (wrong shape, non-finite values): 400. A malformed update is still handed over so the aggregator counts the rejection.</summary>
    Invalid,

    /// <summary>No parked work of that kind and round (superseded or past its deadline): 409.</summary>
    NoPendingWork,

    /// <summary>
    /// The same kind and round was answered already (a retry or a replay): 409 with the number of duplicates seen, so the sender
    /// knows the first answer counted and this one did not.
    /// </summary>
    Duplicate,
}
