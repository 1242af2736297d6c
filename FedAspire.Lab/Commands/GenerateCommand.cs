using System.CommandLine;
using System.Diagnostics;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Lab.Commands;

/// <summary>
/// <c>generate</c>: writes the synthetic pump plant (Kaggle schema) to a CSV; with <c>--variant</c> a labelled fleet
/// (<c>&lt;out&gt;/&lt;facility&gt;/&lt;device&gt;.csv</c> + README.md) of one of the synthetic variants or the IMS Test 2 conversion;
/// with <c>--csv-fleet</c> the small committed per-device CSV example.
/// </summary>
public sealed class GenerateCommand : ICliCommand
{
    /// <summary>Every <c>--variant</c> value.</summary>
    public static IReadOnlyList<string> Variants { get; } = [.. LabelledFleetVariants.Synthetic, "ims-test2"];

    /// <inheritdoc />
    public Command Create()
    {
        var defaults = new SyntheticPlantOptions();
        var rows = new Option<int>("--rows") { Description = "rows of the pump plant", DefaultValueFactory = _ => defaults.Rows };
        var seed = new Option<int?>("--seed") { Description = $"random seed (default {defaults.Seed}; 42 for a variant)" };
        var failureDays = new Option<double>("--failure-days") { Description = "mean days between failures", DefaultValueFactory = _ => defaults.MeanDaysBetweenFailures };
        var recoveryHours = new Option<double>("--recovery-hours") { Description = "mean hours of recovery", DefaultValueFactory = _ => defaults.MeanRecoveryHours };
        var preFailureHours = new Option<double>("--prefailure-hours") { Description = "mean hours of visible pre-failure wear", DefaultValueFactory = _ => defaults.MeanPreFailureHours };
        var output = new Option<string?>("--out") { Description = "the CSV (default pump-plant.csv), or the fleet's folder", HelpName = "PATH" };
        var digits = new Option<int>("--digits") { Description = "significant digits written", DefaultValueFactory = _ => 6 };
        var variant = new Option<string?>("--variant") { Description = $"a labelled fleet instead: {string.Join(", ", Variants)}" };
        variant.AcceptOnlyFromAmong([.. Variants]);
        var datasets = new Option<string?>("--datasets") { Description = "the real data sets' root (ims-test2 only)", HelpName = "DIR" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an earlier generated fleet" };
        var csvFleet = new Option<bool>("--csv-fleet") { Description = "the small per-device CSV example instead" };
        var command = new Command("generate", "synthetic pump plant -> CSV (Kaggle schema); --variant: a labelled fleet (<out>/<facility>/<device>.csv + README.md); --csv-fleet: the per-device CSV example")
        {
            rows, seed, failureDays, recoveryHours, preFailureHours, output, digits, variant, datasets, overwrite, csvFleet,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(variant) is { } v)
            {
                CliValues.Reject(parse, "--variant", rows, failureDays, recoveryHours, preFailureHours, digits, csvFleet);
                return RunVariant(v, parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(seed), parse.GetValue(datasets));
            }
            if (parse.GetValue(csvFleet))
            {
                CliValues.Reject(parse, "--csv-fleet", rows, seed, failureDays, recoveryHours, preFailureHours, digits, datasets, overwrite);
                var folder = parse.GetValue(output) ?? "csv-fleet";
                var files = CsvFleetGenerator.Write(folder);
                Console.WriteLine($"Wrote {files.Count} device files under {Path.GetFullPath(folder)} ({files.Sum(f => new FileInfo(f).Length) / 1024.0:F0} KB)");
                return 0;
            }
            CliValues.Reject(parse, "the pump plant (no --variant)", datasets, overwrite);
            return RunPlant(new SyntheticPlantOptions
            {
                Rows = parse.GetValue(rows),
                Seed = parse.GetValue(seed) ?? defaults.Seed,
                MeanDaysBetweenFailures = parse.GetValue(failureDays),
                MeanRecoveryHours = parse.GetValue(recoveryHours),
                MeanPreFailureHours = parse.GetValue(preFailureHours),
            }, parse.GetValue(output) ?? "pump-plant.csv", parse.GetValue(digits));
        });
        return command;
    }

    private static int RunPlant(SyntheticPlantOptions options, string output, int digits)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { throw new CommandLineException(e.Message); }

        Console.WriteLine($"Generating {options.Rows:N0} rows x {SyntheticPumpPlant.SensorCount} sensors, seed {options.Seed}, failures every {options.MeanDaysBetweenFailures} days on average");
        var watch = Stopwatch.StartNew();
        var table = CliProgress.Run("generate", p => SyntheticPumpPlant.Generate(options, p));
        var counts = table.LabelCounts();
        Console.WriteLine($"  status counts: NORMAL {counts[0]:N0}, RECOVERING {counts[1]:N0}, BROKEN {counts[2]:N0} ({watch.Elapsed.TotalSeconds:F1} s)");
        CliProgress.Run("write", p => SensorTableCsvWriter.WriteFile(table, output, digits, p));
        Console.WriteLine($"Wrote {Path.GetFullPath(output)} ({new FileInfo(output).Length / 1e6:F1} MB, {digits} significant digits)");
        return 0;
    }

    private static int RunVariant(string variant, string? output, bool overwrite, int? seed, string? datasets)
    {
        if (output is null) throw new CommandLineException("--variant needs --out DIR (a folder outside the repository, e.g. artifacts/datasets/" + variant + ").");
        if (variant == "ims-test2")
        {
            if (seed is not null) throw new CommandLineException("--seed does not apply to ims-test2 (converted real data).");
        }
        else
        {
            if (datasets is not null) throw new CommandLineException($"--datasets only applies to --variant ims-test2, not {variant}.");
            seed ??= 42;
        }

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
