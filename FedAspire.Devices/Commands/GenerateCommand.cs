using System.Diagnostics;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Devices.Commands;

/// <summary><c>generate</c>: writes the synthetic pump plant (Kaggle schema) to a CSV, or with <c>--csv-fleet</c> the small per-device CSV example.</summary>
public sealed class GenerateCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "generate";

    /// <inheritdoc />
    public string Summary => "synthetic pump plant -> CSV (--rows --seed --out --digits --failure-days --recovery-hours --prefailure-hours); --csv-fleet --out DIR: the per-device CSV example";

    /// <inheritdoc />
    public Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
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
}
