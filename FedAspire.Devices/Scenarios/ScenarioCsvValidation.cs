using FedAspire.Core.Data.Readers;

namespace FedAspire.Devices.Scenarios;

/// <summary>Checks a <c>dataset: "csv"</c> scenario's <c>datasetPath</c>, <c>csv</c> section and partitions before any file is read.</summary>
internal static class ScenarioCsvValidation
{
    /// <summary>Calls <paramref name="fail"/> (which throws) for the first invalid csv setting of <paramref name="s"/>.</summary>
    public static void Validate(ExperimentScenario s, Action<string> fail)
    {
        if (string.IsNullOrWhiteSpace(s.DatasetPath)) fail("dataset csv needs datasetPath: a folder or one file, relative to the repository root or absolute.");
        if (s.Csv is not { } c)
        {
            fail("dataset csv needs a csv section, e.g. \"csv\": { \"layout\": \"file-per-device\", \"timestampColumn\": \"timestamp\" }.");
            return;
        }
        if (s.Partitions.Count != 1) fail($"dataset csv takes one partition ({{ \"name\": \"fleet\", \"strategy\": \"natural\" }}), got {s.Partitions.Count}.");
        if (!ScenarioCsv.Layouts.Contains(c.Layout)) fail($"csv.layout must be one of {string.Join(", ", ScenarioCsv.Layouts)}, got '{c.Layout}'.");
        if (string.IsNullOrWhiteSpace(c.TimestampColumn)) fail("csv.timestampColumn must name the timestamp column.");
        if (c.Layout == "columns" && string.IsNullOrWhiteSpace(c.FacilityColumn)) fail("csv.layout columns needs csv.facilityColumn (and optionally csv.deviceColumn).");
        if (c.Layout != "columns" && (c.FacilityColumn is not null || c.DeviceColumn is not null))
            fail($"csv.facilityColumn and csv.deviceColumn apply only to layout columns (layout '{c.Layout}' takes names from files and folders).");
        if (c.LabelColumn is null && (c.AnomalousLabels.Count > 0 || c.NormalLabels is not null))
            fail("csv.anomalousLabels and csv.normalLabels need csv.labelColumn.");
        if (c.LabelColumn is not null && c.AnomalousLabels.Count == 0)
            fail($"csv.labelColumn '{c.LabelColumn}' needs csv.anomalousLabels (the values that mean anomalous), or every row would count as normal.");
        if (c.NormalLabels is { } normal && normal.Intersect(c.AnomalousLabels, StringComparer.Ordinal).FirstOrDefault() is { } both)
            fail($"label '{both}' is in both csv.anomalousLabels and csv.normalLabels.");
        if (c.Delimiter is { } d && CsvSeparator.Parse(d) is null) fail($"csv.delimiter must be ',', ';' or '\\t' (or omitted to detect it), got '{d}'.");
        if (!ScenarioCsv.DuplicatePolicies.Contains(c.DuplicateTimestamps))
            fail($"csv.duplicateTimestamps must be one of {string.Join(", ", ScenarioCsv.DuplicatePolicies)}, got '{c.DuplicateTimestamps}'.");
        if (c.TrainUntil is { } until && !CellParser.TryParseTimestamp(until, out _))
            fail($"csv.trainUntil '{until}' is not a time (use ISO, e.g. 2026-01-05T12:00:00).");
        if (c.Sensors is { } sensors)
        {
            if (sensors.Count == 0) fail("csv.sensors must list at least one column (or be omitted to use every numeric column).");
            if (sensors.Distinct(StringComparer.Ordinal).Count() != sensors.Count) fail("csv.sensors lists a column twice.");
            foreach (var name in new[] { c.TimestampColumn, c.LabelColumn, c.FacilityColumn, c.DeviceColumn })
                if (name is not null && sensors.Contains(name)) fail($"csv.sensors must not list '{name}': it is the timestamp, label, facility or device column.");
        }
    }

    /// <summary>The reader options of a validated <c>csv</c> section.</summary>
    public static CsvFolderOptions ToOptions(ScenarioCsv c) => new()
    {
        Layout = c.Layout switch
        {
            "file-per-device" => CsvLayout.FilePerDevice,
            "columns" => CsvLayout.Columns,
            _ => CsvLayout.FilePerFacility,
        },
        TimestampColumn = c.TimestampColumn,
        LabelColumn = c.LabelColumn,
        AnomalousLabels = c.AnomalousLabels,
        NormalLabels = c.NormalLabels,
        Sensors = c.Sensors,
        Delimiter = c.Delimiter is { } d ? CsvSeparator.Parse(d) : null,
        DuplicateTimestamps = c.DuplicateTimestamps switch
        {
            "keep-first" => DuplicateTimestampPolicy.KeepFirst,
            "keep-last" => DuplicateTimestampPolicy.KeepLast,
            "mean" => DuplicateTimestampPolicy.Mean,
            _ => DuplicateTimestampPolicy.Error,
        },
        FacilityColumn = c.FacilityColumn,
        DeviceColumn = c.DeviceColumn,
    };
}
