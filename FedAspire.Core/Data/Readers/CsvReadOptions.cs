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

    /// <summary>With dynamic labels: texts counted as anomalous (default: none).</summary>
    public IReadOnlyList<string> AnomalousLabels { get; init; } = [];

    /// <summary>Labels written as numbers (SKAB's <c>0.0</c>/<c>1.0</c>): 0 is code 0, anything else code 1, scheme <see cref="LabelScheme.Binary"/>.</summary>
    public bool NumericBinaryLabel { get; init; }

    /// <summary>Columns read and discarded (e.g. SKAB's <c>changepoint</c>).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>Columns with an empty name or pandas' <c>Unnamed: N</c> (a written DataFrame index) are ignored.</summary>
    public bool IgnoreUnnamedColumns { get; init; } = true;

    /// <summary>When set, only these sensor columns are kept (all must exist); otherwise every remaining column is a sensor.</summary>
    public IReadOnlyList<string>? SensorColumns { get; init; }
}
