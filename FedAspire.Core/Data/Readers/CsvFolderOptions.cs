namespace FedAspire.Core.Data.Readers;

/// <summary>How <see cref="CsvFolderReader"/> reads a folder (or one file) of sensor CSVs into facilities and devices.</summary>
public sealed record CsvFolderOptions
{
    /// <summary>How files map to facilities and devices.</summary>
    public CsvLayout Layout { get; init; } = CsvLayout.FilePerFacility;

    /// <summary>Name of the timestamp column (required in every file).</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>Name of the label column; null: no labels (a column named like a label is then an error). Files without it are unlabelled.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Label values counted as anomalous (required with <see cref="LabelColumn"/>).</summary>
    public IReadOnlyList<string> AnomalousLabels { get; init; } = [];

    /// <summary>Label values counted as normal; null allows only a 0/1 column (see <see cref="CsvReadOptions.NormalLabels"/>).</summary>
    public IReadOnlyList<string>? NormalLabels { get; init; }

    /// <summary>Sensor columns to keep; null: every other column whose first value is numeric (text columns are skipped and noted).</summary>
    public IReadOnlyList<string>? Sensors { get; init; }

    /// <summary>Field separator; null: detected per file from its header (comma, semicolon or tab).</summary>
    public char? Delimiter { get; init; }

    /// <summary>What to do with rows of one participant that share a timestamp.</summary>
    public DuplicateTimestampPolicy DuplicateTimestamps { get; init; } = DuplicateTimestampPolicy.Error;

    /// <summary><see cref="CsvLayout.Columns"/>: the column naming each row's facility.</summary>
    public string? FacilityColumn { get; init; }

    /// <summary><see cref="CsvLayout.Columns"/>: the column naming each row's device (optional).</summary>
    public string? DeviceColumn { get; init; }
}
