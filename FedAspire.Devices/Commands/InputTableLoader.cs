using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Devices.Commands;

/// <summary>Reads the <c>--input</c>/<c>--format</c> options shared by data verbs into a sensor table, saying what it read.</summary>
internal static class InputTableLoader
{
    /// <summary>The committed synthetic sample, relative to the repository root.</summary>
    public const string DefaultSample = "data/pump-plant-sample.csv";

    /// <summary>Loads the table named by <c>--</c><paramref name="inputOption"/>; returns it with a one-line description for metadata.</summary>
    public static (SensorTable Table, string Source) Load(CommandArguments args, string inputOption = "input")
    {
        var input = args.GetStringOrNull(inputOption);
        var format = args.GetString("format", "auto").ToLowerInvariant();
        var datasets = args.GetStringOrNull("datasets");
        var timestampColumn = args.GetString("timestamp-column", "timestamp");
        var labelColumn = args.GetStringOrNull("label-column");
        var anomalous = args.GetStringOrNull("anomalous-labels");
        var normal = args.GetStringOrNull("normal-labels");
        var separator = args.GetString("separator", "auto");
        if (input is null && format is not ("skab" or "skab-train"))
        {
            var root = DatasetLocator.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
            input = Path.Combine(root, DefaultSample);
            if (format == "auto") format = "pump";
            Console.WriteLine($"No --{inputOption}: using the committed synthetic sample {input}");
        }
        var shown = Display(input);
        if (format == "auto") format = DetectFormat(input!);
        try
        {
            switch (format)
            {
                case "pump":
                {
                    Console.WriteLine($"Reading pump schema {input}");
                    var check = PumpSensorReader.Verify(input!);
                    Console.WriteLine($"  {check.Describe()}");
                    var t = PumpSensorReader.Read(input!);
                    return (t, $"{shown} (pump schema, {check.Describe()})");
                }
                case "skab" or "skab-train":
                {
                    if (input is not null && File.Exists(input))
                    {
                        Console.WriteLine($"Reading SKAB file {input}");
                        return (SkabReader.Read(input), $"{shown} (SKAB file)");
                    }
                    var root = input ?? DatasetLocator.DatasetsRoot(datasets);
                    Console.WriteLine($"Loading SKAB from {root}");
                    var skab = SkabDataset.Load(root);
                    foreach (var d in skab.Defects) Console.WriteLine($"  defect handled: {d}");
                    var parts = skab.Facilities.Select(f => format == "skab-train" ? f.Train : SensorTable.Concat(f.Experiments.Select(e => e.Table).ToArray())).ToList();
                    var table = SensorTable.Concat(parts);
                    // SKAB experiments are separate runs; order them by time so temporal splits cut real periods.
                    var order = Enumerable.Range(0, table.RowCount).OrderBy(r => table.Timestamps[r]).ThenBy(r => r).ToArray();
                    return (table.SelectRows(order), $"SKAB {(format == "skab-train" ? "training parts" : "all labelled files")} under {root}, time-ordered");
                }
                case "ims":
                    Console.WriteLine($"Reading IMS bearing file {input}");
                    return (ImsBearingReader.Read(input!), $"{shown} (IMS bearing, unlabelled)");
                case "csv":
                {
                    Console.WriteLine($"Reading generic CSV {input}");
                    var sep = separator == "auto" ? CsvSeparator.DetectFile(input!)
                        : CsvSeparator.Parse(separator) ?? throw new CommandLineException($"--separator must be auto, ',', ';' or tab, got '{separator}'.");
                    var options = new CsvReadOptions
                    {
                        Separator = sep,
                        TimestampColumn = timestampColumn,
                        LabelColumn = labelColumn,
                        AnomalousLabels = anomalous?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                        NormalLabels = normal?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                    };
                    return (DelimitedSensorReader.ReadFile(input!, options), $"{shown} (generic CSV)");
                }
                default:
                    throw new CommandLineException($"Unknown --format '{format}'. Use pump, skab, skab-train, ims or csv.");
            }
        }
        catch (FileNotFoundException e) { throw new CommandLineException(e.Message); }
        catch (DirectoryNotFoundException e) { throw new CommandLineException(e.Message); }
        catch (DataFormatException e) { throw new CommandLineException(e.Message); }
    }

    /// <summary>The path relative to the repository root when inside it, so metadata does not depend on where the clone lives.</summary>
    private static string Display(string? path)
    {
        if (path is null) return "";
        var root = DatasetLocator.FindRepositoryRoot();
        var full = Path.GetFullPath(path);
        return root is not null && full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(root, full) : path;
    }

    /// <summary>
    /// The format of <paramref name="input"/> from its header (a partition's client CSVs keep the pump schema under any name),
    /// else from its name.
    /// </summary>
    private static string DetectFormat(string input)
    {
        var header = File.Exists(input) ? File.ReadLines(input).FirstOrDefault() ?? "" : "";
        if (header.Contains(LabelScheme.PumpStatus.ColumnName, StringComparison.Ordinal)) return "pump";
        if (header.Contains(';', StringComparison.Ordinal) && header.Contains("anomaly", StringComparison.Ordinal)) return "skab";
        return input.EndsWith("sensor.csv", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(input).StartsWith("pump", StringComparison.OrdinalIgnoreCase) ? "pump"
            : input.Contains("skab", StringComparison.OrdinalIgnoreCase) ? "skab"
            : input.Contains("bearing", StringComparison.OrdinalIgnoreCase) ? "ims" : "csv";
    }
}
