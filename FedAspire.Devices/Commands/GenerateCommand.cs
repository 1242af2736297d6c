using System.Diagnostics;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Devices.Commands;

/// <summary>
/// <c>generate</c>: writes the synthetic pump plant (Kaggle schema) to a CSV; with <c>--variant</c> a labelled fleet
/// (<c>&lt;out&gt;/&lt;facility&gt;/&lt;device&gt;.csv</c> + README.md) of one of the synthetic variants or the IMS Test 2 conversion;
/// with <c>--csv-fleet</c> the small committed per-device CSV example.
/// </summary>
public sealed class GenerateCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "generate";

    /// <inheritdoc />
    public string Summary => "synthetic pump plant -> CSV (--rows --seed --out --digits --failure-days --recovery-hours --prefailure-hours), "
        + "or a labelled fleet: --variant motes|machine-temperature|plant-units|plant-drift|ims-test2 --out DIR [--seed N] [--datasets DIR] [--overwrite], "
        + "or --csv-fleet --out DIR: the per-device CSV example";

    /// <summary>Every <c>--variant</c> value.</summary>
    public static IReadOnlyList<string> Variants { get; } = [.. LabelledFleetVariants.Synthetic, "ims-test2"];

    /// <inheritdoc />
    public Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        if (args.GetStringOrNull("variant") is { } variant) return Task.FromResult(RunVariant(variant, args));
        if (args.Has("csv-fleet"))
        {
            var folder = args.GetString("out", "csv-fleet");
            args.ThrowOnUnknown();
            var files = CsvFleetGenerator.Write(folder);
            Console.WriteLine($"Wrote {files.Count} device files under {Path.GetFullPath(folder)} ({files.Sum(f => new FileInfo(f).Length) / 1024.0:F0} KB)");
            return Task.FromResult(0);
        }
        var defaults = new SyntheticPlantOptions();
        var options = new SyntheticPlantOptions
        {
            Rows = args.GetInt("rows", defaults.Rows),
            Seed = args.GetInt("seed", defaults.Seed),
            MeanDaysBetweenFailures = args.GetDouble("failure-days", defaults.MeanDaysBetweenFailures),
            MeanRecoveryHours = args.GetDouble("recovery-hours", defaults.MeanRecoveryHours),
            MeanPreFailureHours = args.GetDouble("prefailure-hours", defaults.MeanPreFailureHours),
        };
        var output = args.GetString("out", "pump-plant.csv");
        int digits = args.GetInt("digits", 6);
        args.ThrowOnUnknown();
        try { options.Validate(); }
        catch (ArgumentException e) { throw new CommandLineException(e.Message); }

        Console.WriteLine($"Generating {options.Rows:N0} rows x {SyntheticPumpPlant.SensorCount} sensors, seed {options.Seed}, failures every {options.MeanDaysBetweenFailures} days on average");
        var watch = Stopwatch.StartNew();
        var table = SyntheticPumpPlant.Generate(options, new ConsoleProgress("generate"));
        var counts = table.LabelCounts();
        Console.WriteLine($"  status counts: NORMAL {counts[0]:N0}, RECOVERING {counts[1]:N0}, BROKEN {counts[2]:N0} ({watch.Elapsed.TotalSeconds:F1} s)");
        SensorTableCsvWriter.WriteFile(table, output, digits, new ConsoleProgress("write"));
        Console.WriteLine($"Wrote {Path.GetFullPath(output)} ({new FileInfo(output).Length / 1e6:F1} MB, {digits} significant digits)");
        return Task.FromResult(0);
    }

    private static int RunVariant(string variant, CommandArguments args)
    {
        if (!Variants.Contains(variant, StringComparer.Ordinal))
            throw new CommandLineException($"Unknown --variant '{variant}'; use one of {string.Join(", ", Variants)}.");
        var output = args.GetStringOrNull("out") ?? throw new CommandLineException("--variant needs --out DIR (a folder outside the repository, e.g. artifacts/datasets/" + variant + ").");
        bool overwrite = args.Has("overwrite");
        int? seed = null;
        string? datasets = null;
        if (variant == "ims-test2")
        {
            if (args.Has("seed")) throw new CommandLineException("--seed does not apply to ims-test2 (converted real data).");
            datasets = args.GetStringOrNull("datasets");
        }
        else
        {
            if (args.Has("datasets")) throw new CommandLineException($"--datasets only applies to --variant ims-test2, not {variant}.");
            seed = args.GetInt("seed", 42);
        }
        args.ThrowOnUnknown();

        var watch = Stopwatch.StartNew();
        LabelledFleet fleet;
        int digits;
        if (seed is { } s)
        {
            Console.WriteLine($"Generating variant {variant}, seed {s}");
            fleet = LabelledFleetVariants.Generate(variant, s);
            digits = 6;
        }
        else
        {
            var path = Path.Combine(DatasetLocator.DatasetsRoot(datasets), ImsTest2Converter.RelativePath);
            if (!File.Exists(path)) throw new CommandLineException($"IMS Test 2 file '{path}' does not exist; pass --datasets DIR (the folder holding ims-bearing/).");
            Console.WriteLine($"Converting {path} (labels DERIVED by the mean + 5 std rule)");
            fleet = ImsTest2Converter.Convert(path);
            // Keep every digit of the source (as far as float holds them).
            digits = 0;
        }
        try { LabelledFleetWriter.Write(fleet, output, digits, overwrite); }
        catch (IOException e) { throw new CommandLineException(e.Message + (overwrite ? "" : " (--overwrite replaces an earlier generated fleet)")); }
        Console.WriteLine($"  {fleet.Facilities.Count} facilities, {fleet.Devices.Count} devices, {fleet.RowCount:N0} rows, {fleet.AnomalousShare:P2} anomalous ({watch.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine($"Wrote {Path.GetFullPath(output)} (README.md describes the faults)");
        return 0;
    }
}
