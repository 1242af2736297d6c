using System.CommandLine;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Lab.Commands;

/// <summary>
/// The options shared by data verbs that read one table (<c>--input</c> or <c>--data</c>, <c>--format</c>, CSV columns and labels),
/// and the loading of that table, saying what it read.
/// </summary>
internal sealed class InputTableOptions
{
    /// <summary>The committed synthetic sample, relative to the repository root.</summary>
    public const string DefaultSample = "data/pump-plant-sample.csv";

    private readonly Option<string?> _input;
    private readonly Option<string> _format = new("--format") { Description = "auto, pump, skab, skab-train, ims or csv", DefaultValueFactory = _ => "auto" };
    private readonly Option<string?> _datasets = new("--datasets") { Description = "the real data sets' root (SKAB)", HelpName = "DIR" };
    private readonly Option<string> _timestampColumn = new("--timestamp-column") { Description = "csv: the timestamp column", DefaultValueFactory = _ => "timestamp" };
    private readonly Option<string?> _labelColumn = new("--label-column") { Description = "csv: the label column" };
    private readonly Option<string?> _anomalousLabels = new("--anomalous-labels") { Description = "csv: label values that mean anomalous (comma-separated)" };
    private readonly Option<string?> _normalLabels = new("--normal-labels") { Description = "csv: label values that mean normal (comma-separated)" };
    private readonly Option<string> _separator = new("--separator") { Description = "csv: auto, ',', ';' or tab", DefaultValueFactory = _ => "auto" };

    /// <summary>The options, with the table named by <paramref name="inputOption"/> (<c>--input</c> or <c>--data</c>).</summary>
    public InputTableOptions(string inputOption = "--input") =>
        _input = new Option<string?>(inputOption) { Description = $"the table (default {DefaultSample})", HelpName = "PATH" };

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _input, _format, _datasets, _timestampColumn, _labelColumn, _anomalousLabels, _normalLabels, _separator })
            command.Options.Add(option);
    }

    /// <summary>Loads the table the options name; returns it with a one-line description for metadata.</summary>
    public (SensorTable Table, string Source) Load(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string inputOption = _input.Name.TrimStart('-');
        var input = parse.GetValue(_input);
        var format = parse.GetRequiredValue(_format).ToLowerInvariant();
        var datasets = parse.GetValue(_datasets);
        var timestampColumn = parse.GetRequiredValue(_timestampColumn);
        var labelColumn = parse.GetValue(_labelColumn);
        var anomalous = parse.GetValue(_anomalousLabels);
        var normal = parse.GetValue(_normalLabels);
        var separator = parse.GetRequiredValue(_separator);
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
                        AnomalousLabels = CliValues.Names(anomalous) ?? [],
                        NormalLabels = CliValues.Names(normal),
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
