namespace FedAspire.Devices.Scenarios;

/// <summary>
/// The <c>csv</c> section of a scenario with <c>dataset: "csv"</c>: how the files under <c>datasetPath</c> map to facilities and
/// devices and which columns mean what (docs/experiments.md, "Your own CSV data, step by step").
/// </summary>
public sealed record ScenarioCsv
{
    /// <summary>Layouts a scenario may name.</summary>
    public static IReadOnlyList<string> Layouts { get; } = ["file-per-facility", "file-per-device", "columns"];

    /// <summary>Duplicate-timestamp policies a scenario may name.</summary>
    public static IReadOnlyList<string> DuplicatePolicies { get; } = ["error", "keep-first", "keep-last", "mean"];

    /// <summary><c>file-per-facility</c>, <c>file-per-device</c> (a subfolder per facility, a file per device) or <c>columns</c>.</summary>
    public string Layout { get; init; } = "file-per-facility";

    /// <summary>Name of the timestamp column (every file needs it).</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>Name of the label column; null: the data is unlabelled (a column named like a label is then an error).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Label values that mean anomalous (required with <see cref="LabelColumn"/>).</summary>
    public IReadOnlyList<string> AnomalousLabels { get; init; } = [];

    /// <summary>Label values that mean normal; null allows only a numeric 0/1 label column (its non-anomalous value is normal).</summary>
    public IReadOnlyList<string>? NormalLabels { get; init; }

    /// <summary>Sensor columns to use; null: every other column whose values are numbers.</summary>
    public IReadOnlyList<string>? Sensors { get; init; }

    /// <summary><c>,</c>, <c>;</c> or <c>\t</c> (or <c>tab</c>); null: detected per file from its header.</summary>
    public string? Delimiter { get; init; }

    /// <summary><c>error</c> (default), <c>keep-first</c>, <c>keep-last</c> or <c>mean</c>: rows of one participant sharing a timestamp.</summary>
    public string DuplicateTimestamps { get; init; } = "error";

    /// <summary>ISO time: each participant trains on its rows before it (instead of <c>trainFraction</c>); the rest is held out.</summary>
    public string? TrainUntil { get; init; }

    /// <summary>Layout <c>columns</c>: the column naming each row's facility.</summary>
    public string? FacilityColumn { get; init; }

    /// <summary>Layout <c>columns</c>: the column naming each row's device (optional).</summary>
    public string? DeviceColumn { get; init; }
}
