namespace FedAspire.Devices.Facilities;

/// <summary>
/// A facility's own raw data, time-ordered: training rows, calibration rows (normal operation held out from training, used only to
/// set thresholds) and held-out rows with per-row anomaly labels, each row holding one value per feature of <see cref="Features"/>
/// (NaN = not measured).
/// </summary>
public sealed record FacilityPartition(IReadOnlyList<string> Features, float[] TrainRows, float[] HeldOutRows, bool[] HeldOutAnomalous)
{
    /// <summary>Normal rows that no model trains on: thresholds are calibrated on these (empty until set or carved).</summary>
    public float[] CalibrationRows { get; init; } = [];

    /// <summary>False for a facility whose data carries no labels: it trains and calibrates, and its detection metrics are n/a.</summary>
    public bool HasLabels { get; init; } = true;

    /// <summary>Time of each held-out row (UTC), or empty when the source has no timestamps (reports then use row indices).</summary>
    public DateTime[] HeldOutTimes { get; init; } = [];

    /// <summary>Training rows.</summary>
    public int TrainCount => TrainRows.Length / Features.Count;

    /// <summary>Calibration rows.</summary>
    public int CalibrationCount => CalibrationRows.Length / Features.Count;

    /// <summary>Held-out rows.</summary>
    public int HeldOutCount => HeldOutRows.Length / Features.Count;

    /// <summary>
    /// This partition with calibration rows: unchanged when it already has them, else the last <paramref name="fraction"/> of its
    /// training rows (time order) move to calibration, so a threshold is never set on the windows a model was fitted to.
    /// </summary>
    public FacilityPartition WithCalibrationTail(double fraction)
    {
        if (!(fraction >= 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The calibration fraction must be in [0, 1).");
        if (CalibrationRows.Length > 0 || fraction == 0) return this;
        int f = Features.Count, train = TrainCount, calibration = (int)Math.Round(train * fraction);
        if (calibration == 0) return this;
        int keep = (train - calibration) * f;
        return this with { TrainRows = TrainRows[..keep], CalibrationRows = TrainRows[keep..] };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the facility when shapes do not agree.</summary>
    public void Validate(string facilityId)
    {
        if (Features.Count == 0) throw new ArgumentException($"Facility '{facilityId}': the partition has no features.");
        if (TrainRows.Length % Features.Count != 0 || HeldOutRows.Length % Features.Count != 0 || CalibrationRows.Length % Features.Count != 0)
            throw new ArgumentException($"Facility '{facilityId}': row data is not a multiple of the {Features.Count} features.");
        if (HeldOutAnomalous.Length != HeldOutCount)
            throw new ArgumentException($"Facility '{facilityId}': {HeldOutAnomalous.Length} held-out labels for {HeldOutCount} held-out rows.");
        if (HeldOutTimes.Length != 0 && HeldOutTimes.Length != HeldOutCount)
            throw new ArgumentException($"Facility '{facilityId}': {HeldOutTimes.Length} held-out timestamps for {HeldOutCount} held-out rows.");
    }
}
