namespace FedAspire.Core.Data.Synthetic;

/// <summary>A labelled data set of facilities and devices, as written by <see cref="LabelledFleetWriter"/> (layout <c>file-per-device</c>).</summary>
/// <param name="Variant">The variant name, e.g. <c>motes</c>.</param>
/// <param name="Seed">The seed it was generated with (null for converted real data).</param>
/// <param name="Description">Markdown paragraph(s) describing how the data came about; goes into the output's README.md.</param>
/// <param name="Devices">Every device, facility by facility.</param>
public sealed record LabelledFleet(string Variant, int? Seed, string Description, IReadOnlyList<FleetDevice> Devices)
{
    /// <summary>Total rows over all devices.</summary>
    public long RowCount => Devices.Sum(d => (long)d.RowCount);

    /// <summary>Rows labelled anomalous over all devices.</summary>
    public long AnomalousRowCount => Devices.Sum(d => (long)d.AnomalousRowCount);

    /// <summary>Share of anomalous rows (0 for an empty fleet).</summary>
    public double AnomalousShare => RowCount == 0 ? 0 : (double)AnomalousRowCount / RowCount;

    /// <summary>Facility names in order of first appearance.</summary>
    public IReadOnlyList<string> Facilities => Devices.Select(d => d.Facility).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>One device's series: UTC timestamps, one column per sensor (NaN = missing), a 0/1 label per row and the faults that made the 1s.</summary>
public sealed record FleetDevice
{
    /// <summary>Facility (folder) name.</summary>
    public required string Facility { get; init; }

    /// <summary>Device (file) name without extension.</summary>
    public required string Device { get; init; }

    /// <summary>UTC timestamps as ticks, increasing.</summary>
    public required long[] Timestamps { get; init; }

    /// <summary>Sensor names in column order.</summary>
    public required IReadOnlyList<string> SensorNames { get; init; }

    /// <summary>One array per sensor, <see cref="RowCount"/> long; NaN is a missing reading.</summary>
    public required float[][] Columns { get; init; }

    /// <summary>1 = anomalous row, 0 = normal.</summary>
    public required byte[] Labels { get; init; }

    /// <summary>The labelled episodes, in time order.</summary>
    public IReadOnlyList<FaultEpisode> Faults { get; init; } = [];

    /// <summary>Free text for the README, e.g. the units this device reports in.</summary>
    public string? Note { get; init; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Timestamps.Length;

    /// <summary>Rows labelled 1.</summary>
    public int AnomalousRowCount => Labels.Count(l => l != 0);

    /// <summary>The column of the named sensor.</summary>
    public float[] Column(string name)
    {
        for (int i = 0; i < SensorNames.Count; i++) if (SensorNames[i] == name) return Columns[i];
        throw new KeyNotFoundException($"Device {Facility}/{Device} has no sensor '{name}'.");
    }
}

/// <summary>One labelled episode: rows <see cref="StartRow"/>..<see cref="EndRow"/> (inclusive) carry label 1 because of <see cref="Kind"/>.</summary>
/// <param name="Kind">Short fault name, e.g. <c>stuck-at</c>.</param>
/// <param name="StartRow">First labelled row.</param>
/// <param name="EndRow">Last labelled row (inclusive).</param>
/// <param name="Detail">What was done, e.g. which sensors.</param>
public sealed record FaultEpisode(string Kind, int StartRow, int EndRow, string Detail);
