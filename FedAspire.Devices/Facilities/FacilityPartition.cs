namespace FedAspire.Devices.Facilities;

/// <summary>
/// A facility's own raw data, time-ordered: training rows and held-out rows with per-row anomaly labels,
/// each row holding one value per feature of <see cref="Features"/> (NaN = not measured).
/// </summary>
public sealed record FacilityPartition(IReadOnlyList<string> Features, float[] TrainRows, float[] HeldOutRows, bool[] HeldOutAnomalous)
{
    /// <summary>Training rows.</summary>
    public int TrainCount => TrainRows.Length / Features.Count;

    /// <summary>Held-out rows.</summary>
    public int HeldOutCount => HeldOutRows.Length / Features.Count;

    /// <summary>Throws <see cref="ArgumentException"/> naming the facility when shapes do not agree.</summary>
    public void Validate(string facilityId)
    {
        if (Features.Count == 0) throw new ArgumentException($"Facility '{facilityId}': the partition has no features.");
        if (TrainRows.Length % Features.Count != 0 || HeldOutRows.Length % Features.Count != 0)
            throw new ArgumentException($"Facility '{facilityId}': row data is not a multiple of the {Features.Count} features.");
        if (HeldOutAnomalous.Length != HeldOutCount)
            throw new ArgumentException($"Facility '{facilityId}': {HeldOutAnomalous.Length} held-out labels for {HeldOutCount} held-out rows.");
    }
}
