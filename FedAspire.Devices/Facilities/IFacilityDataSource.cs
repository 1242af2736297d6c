namespace FedAspire.Devices.Facilities;

/// <summary>Where a facility grain finds its own data (the silo hosting it owns that data; it never leaves the grain).</summary>
public interface IFacilityDataSource
{
    /// <summary>Short description for the start-up log, e.g. "synthetic pump plant (4 facilities, seed 42)".</summary>
    string Description { get; }

    /// <summary>The facilities this source has data for.</summary>
    IReadOnlyList<string> FacilityIds { get; }

    /// <summary>The sensor names the facilities' data uses (the default federation's feature list).</summary>
    IReadOnlyList<string> Features { get; }

    /// <summary>The facility's data, or null when it has none of its own (a devices-only facility).</summary>
    Task<FacilityPartition?> LoadAsync(string facilityId, CancellationToken cancellationToken);
}
