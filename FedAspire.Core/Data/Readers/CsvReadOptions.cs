namespace FedAspire.Core.Data.Readers;

/// <summary>How <see cref="DelimitedSensorReader"/> interprets a delimited file; every name is configurable.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Field separator.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Name of the timestamp column; null means "the first column" (IMS files leave it unnamed).</summary>
    public string? TimestampColumn { get; init; } = "timestamp";

    /// <summary>False for files without timestamps: rows get <see cref="SyntheticStart"/> + row * <see cref="SyntheticStep"/> (stated as derived).</summary>
    public bool HasTimestamp { get; init; } = true;

    /// <summary>Start of derived timestamps when <see cref="HasTimestamp"/> is false.</summary>
    public DateTime SyntheticStart { get; init; } = new(2000, 1, 1);

    /// <summary>Spacing of derived timestamps when <see cref="HasTimestamp"/> is false.</summary>
    public TimeSpan SyntheticStep { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Name of the label column, or null when the file has none.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>When true, a header without <see cref="LabelColumn"/> reads as unlabelled instead of failing (SKAB's anomaly-free file).</summary>
    public bool LabelColumnOptional { get; init; }

    /// <summary>
    /// Fixed labels: a label text not in the scheme is an error. Null with a label column: labels are collected in order of
    /// first appearance and <see cref="AnomalousLabels"/> marks the anomalous ones.
    /// </summary>
    public LabelScheme? Labels { get; init; }

    /// <summary>
    /// With dynamic labels: texts counted as anomalous. Required with a label column (a file whose anomalies nobody named would
    /// read as all normal); numbers match numerically (<c>1</c> matches <c>1.0</c>).
    /// </summary>
    public IReadOnlyList<string> AnomalousLabels { get; init; } = [];

    /// <summary>
    /// With dynamic labels: texts counted as normal. Every label must be anomalous or normal, so a stray value is an error, not a
    /// third "normal" class. Null: allowed only for a numeric 0/1 column, whose value not in <see cref="AnomalousLabels"/> is normal.
    /// </summary>
    public IReadOnlyList<string>? NormalLabels { get; init; }

    /// <summary>
    /// When true and no label column is named, a column named like a label (<see cref="LabelLikeNames"/>) is an error instead of
    /// silently becoming a sensor.
    /// </summary>
    public bool RejectLabelLikeColumns { get; init; } = true;

    /// <summary>Column names that look like labels (compared ignoring case).</summary>
    public static IReadOnlyList<string> LabelLikeNames { get; } = ["label", "labels", "anomaly", "is_anomaly", "machine_status", "status"];

    /// <summary>
    /// Columns whose text keys each row (e.g. facility and device): a row's source name is their values joined by
    /// <see cref="GroupSeparator"/>, instead of the file name. Empty: rows belong to the file.
    /// </summary>
    public IReadOnlyList<string> GroupColumns { get; init; } = [];

    /// <summary>When true (the default), a file with a header but no data rows is an error naming the file.</summary>
    public bool RequireRows { get; init; } = true;

    /// <summary>Joins the values of <see cref="GroupColumns"/> in a source name (a control character no CSV value holds).</summary>
    public const char GroupSeparator = '\u001F';

    /// <summary>Labels written as numbers (SKAB's <c>0.0</c>/<c>1.0</c>): 0 is code 0, anything else code 1, scheme <see cref="LabelScheme.Binary"/>.</summary>
    public bool NumericBinaryLabel { get; init; }

    /// <summary>Columns read and discarded (e.g. SKAB's <c>changepoint</c>).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>Columns with an empty name or pandas' <c>Unnamed: N</c> (a written DataFrame index) are ignored.</summary>
    public bool IgnoreUnnamedColumns { get; init; } = true;

    /// <summary>When set, only these sensor columns are kept (all must exist); otherwise every remaining column is a sensor.</summary>
    public IReadOnlyList<string>? SensorColumns { get; init; }
}
