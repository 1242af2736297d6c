using FedAspire.Devices.Facilities;

namespace FedAspire.Lab.Experiments;

/// <summary>The <c>label-flip</c> poisoning attack: a participant that trains on its anomalies as if they were normal operation.</summary>
public static class LabelFlipAttack
{
    /// <summary>
    /// <paramref name="partition"/> with its held-out anomalous rows appended to its training rows (each contiguous run of them
    /// its own run of rows, so no window joins them to the normal rows before); held-out and calibration rows are unchanged.
    /// </summary>
    public static FacilityPartition Apply(FacilityPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int f = partition.Features.Count;
        var rows = new List<float>(partition.TrainRows);
        var breaks = new List<int>(partition.TrainBreaks);
        int previous = -2;
        for (int r = 0; r < partition.HeldOutCount; r++)
        {
            if (!partition.HeldOutAnomalous[r]) continue;
            if (r != previous + 1 && rows.Count > 0) breaks.Add(rows.Count / f);
            rows.AddRange(partition.HeldOutRows.AsSpan(r * f, f).ToArray());
            previous = r;
        }
        return partition with { TrainRows = [.. rows], TrainBreaks = [.. breaks.Distinct().Order()] };
    }
}
