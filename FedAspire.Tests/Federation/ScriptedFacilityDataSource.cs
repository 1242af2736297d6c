using FedAspire.Devices.Facilities;

namespace FedAspire.Tests.Federation;

/// <summary>Wraps a data source and makes chosen facilities fail: throw on every load, or hang until released.</summary>
internal sealed class ScriptedFacilityDataSource(IFacilityDataSource inner) : IFacilityDataSource
{
    public HashSet<string> Throwing { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Hanging { get; } = new(StringComparer.Ordinal);

    /// <summary>Completing this releases every hanging facility.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Description => "scripted " + inner.Description;

    public IReadOnlyList<string> FacilityIds => inner.FacilityIds;

    public IReadOnlyList<string> Features => inner.Features;

    public async Task<FacilityPartition?> LoadAsync(string facilityId, CancellationToken cancellationToken)
    {
        if (Throwing.Contains(facilityId)) throw new InvalidOperationException($"scripted failure of {facilityId}");
        if (Hanging.Contains(facilityId)) await Release.Task;
        return await inner.LoadAsync(facilityId, cancellationToken);
    }
}
