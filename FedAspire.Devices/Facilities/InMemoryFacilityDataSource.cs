namespace FedAspire.Devices.Facilities;

/// <summary>Facility partitions held in memory (tests, experiments that partition a data set up front).</summary>
public sealed class InMemoryFacilityDataSource : IFacilityDataSource
{
    private readonly Dictionary<string, FacilityPartition> _partitions;

    /// <summary>Wraps <paramref name="partitions"/>; every partition must share <paramref name="features"/>' names (any order).</summary>
    public InMemoryFacilityDataSource(IReadOnlyList<string> features, IReadOnlyDictionary<string, FacilityPartition> partitions, string description = "in-memory partitions")
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var (id, p) in partitions) p.Validate(id);
        _partitions = new Dictionary<string, FacilityPartition>(partitions, StringComparer.Ordinal);
        Features = features;
        FacilityIds = _partitions.Keys.Order(StringComparer.Ordinal).ToArray();
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FacilityIds { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Features { get; }

    /// <inheritdoc />
    public Task<FacilityPartition?> LoadAsync(string facilityId, CancellationToken cancellationToken) =>
        Task.FromResult(_partitions.GetValueOrDefault(facilityId));
}
