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

    /// <summary>
    /// Row indices (ascending, &gt; 0) where the training rows jump in time (rows removed between them: held-out chunks, dropped
    /// anomalies): no window spans a jump, since a window that joins two moments never happened. Empty = one contiguous run.
    /// </summary>
    public int[] TrainBreaks { get; init; } = [];

    /// <summary>Row indices where the calibration rows jump in time (see <see cref="TrainBreaks"/>).</summary>
    public int[] CalibrationBreaks { get; init; } = [];

    /// <summary>Row indices where the held-out rows jump in time (see <see cref="TrainBreaks"/>).</summary>
    public int[] HeldOutBreaks { get; init; } = [];

    /// <summary>
    /// True when the held-out rows are interleaved in time with the training rows (the pump sample's alternating chunks) rather
    /// than after them: drift following is then off for this facility, since its tracker's state at the end of the calibration
    /// rows says nothing about held-out rows from before them (measured on the pump sample: FAR 10 % without, 27 % with).
    /// </summary>
    public bool InterleavedHeldOut { get; init; }

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
        int kept = train - calibration, keep = kept * f;
        return this with
        {
            TrainRows = TrainRows[..keep], CalibrationRows = TrainRows[keep..],
            TrainBreaks = TrainBreaks.Where(b => b < kept).ToArray(),
            CalibrationBreaks = TrainBreaks.Where(b => b > kept).Select(b => b - kept).ToArray(),
        };
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

    /// <summary>Where <paramref name="rowIndices"/> (ascending source rows) jump: the positions i &gt; 0 with rowIndices[i] != rowIndices[i - 1] + 1.</summary>
    public static int[] BreaksOf(ReadOnlySpan<int> rowIndices)
    {
        var breaks = new List<int>();
        for (int i = 1; i < rowIndices.Length; i++)
            if (rowIndices[i] != rowIndices[i - 1] + 1) breaks.Add(i);
        return [.. breaks];
    }
}
