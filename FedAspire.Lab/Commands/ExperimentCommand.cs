using System.CommandLine;
using FedAspire.Core.Data;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;
using FedAspire.Lab.Reports;

namespace FedAspire.Lab.Commands;

/// <summary>
/// <c>experiment --scenario FILE --out DIR [--rounds N] [--devices N] [--facilities N] [--silos N] [--datasets DIR]</c>: runs a scenario
/// through the real federation in this process (a scale scenario with silos: in a loopback cluster of silo processes) and writes
/// metrics.json, timings.json, rounds.csv, clients.csv, PNG plots and report.md.
/// </summary>
public sealed class ExperimentCommand : ICliCommand
{
    /// <summary>Exit code when a real data set the scenario needs is absent.</summary>
    public const int DatasetMissingExitCode = 3;

    /// <summary>Exit code when a scale run stopped itself: the machine was running out of memory, or one of its silo processes ended.</summary>
    public const int StoppedExitCode = 4;

    /// <summary>Exit code after Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Exit code for a bad scenario, option or data file (the message names the file, line and column).</summary>
    public const int BadInputExitCode = CliCommands.BadInputExitCode;

    /// <inheritdoc />
    public Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = "the scenario file (data/scenarios/*.json)", HelpName = "FILE", Required = true };
        var output = new Option<string?>("--out") { Description = "output folder (default out/experiments/<scenario name>)", HelpName = "DIR" };
        var rounds = new Option<int?>("--rounds") { Description = "override the scenario's rounds" };
        var devices = new Option<int?>("--devices") { Description = "override a scale scenario's device count" };
        var facilities = new Option<int?>("--facilities") { Description = "override a scale scenario's facility count" };
        var silos = new Option<int?>("--silos") { Description = "run a scale scenario in N silo processes (redis-server and N FedAspire.Devices on loopback, the lab as client)" };
        var datasets = new Option<string?>("--datasets") { Description = "the real data sets' root (default ../shared/datasets)", HelpName = "DIR" };
        var command = new Command("experiment", "run a scenario through the federation: metrics.json, rounds.csv, scores.csv, plots, report.md")
        {
            scenario, output, rounds, devices, facilities, silos, datasets,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetRequiredValue(scenario), parse.GetValue(output), parse.GetValue(rounds), parse.GetValue(devices),
            parse.GetValue(facilities), parse.GetValue(silos), parse.GetValue(datasets), ct));
        return command;
    }

    private static async Task<int> RunAsync(string scenarioPath, string? outputOption, int? rounds, int? devices, int? facilities, int? silos, string? datasets,
        CancellationToken cancellationToken)
    {
        var outputArgument = outputOption ?? Path.Combine("out", "experiments", Path.GetFileNameWithoutExtension(scenarioPath));
        var output = Path.GetFullPath(outputArgument);

        ExperimentScenario scenario;
        try
        {
            scenario = ApplyOverrides(ScenarioFile.Load(scenarioPath), rounds, devices, facilities, datasets, scenarioPath, silos);
        }
        catch (ScenarioException e)
        {
            throw new CommandLineException(e.Message);
        }
        var root = DatasetLocator.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        Console.WriteLine($"Experiment '{scenario.Name}' ({scenario.Dataset}) from {Path.GetFullPath(scenarioPath)} -> {output}");
        try
        {
            // The report repeats the command as typed, so it reproduces from the repository root on any machine.
            var (result, timings, paths) = await RunAsync(scenario, root, output,
                $"experiment --scenario {scenarioPath} --out {outputArgument}" +
                (rounds is { } r ? $" --rounds {r}" : "") + (devices is { } d ? $" --devices {d}" : "") + (facilities is { } f ? $" --facilities {f}" : "") +
                (silos is { } n ? $" --silos {n}" : ""),
                Console.WriteLine, cancellationToken);
            Console.WriteLine($"Wrote {string.Join(", ", paths)} to {output} ({timings.TotalSeconds:F1} s)");
            return 0;
        }
        catch (DatasetMissingException e)
        {
            Console.Error.WriteLine($"experiment: {e.Message}");
            return DatasetMissingExitCode;
        }
        catch (ScaleRunStoppedException e)
        {
            Console.Error.WriteLine($"experiment: {e.Message}");
            return StoppedExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the run's processes are already ended by its own cleanup; no stack trace for a stop the user asked for.
            Console.Error.WriteLine("experiment: cancelled");
            return CancelledExitCode;
        }
        // Bad data or a scenario the data contradicts is the user's input, like a bad option: one line, exit 2, no stack trace.
        catch (Exception e) when (e is DataFormatException or ScenarioException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"experiment: {e.Message}");
            return BadInputExitCode;
        }
    }

    /// <summary>Applies the command-line overrides and re-validates (so a bad override gets the same clear message).</summary>
    public static ExperimentScenario ApplyOverrides(ExperimentScenario scenario, int? rounds, int? devices, int? facilities, string? datasets, string source,
        int? silos = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var s = scenario;
        if (rounds is { } r) s = s with { Rounds = r };
        if (datasets is not null) s = s with { DatasetPath = Path.GetFullPath(datasets) };
        if (devices is not null || facilities is not null || silos is not null)
        {
            var scale = s.Scale ?? new ScenarioScale();
            s = s with { Scale = scale with { Devices = devices ?? scale.Devices, Facilities = facilities ?? scale.Facilities, Silos = silos ?? scale.Silos } };
        }
        ScenarioFile.Validate(s, source + " (with command-line overrides)");
        return s;
    }

    /// <summary>Runs <paramref name="scenario"/> and writes every output into <paramref name="output"/>; returns the result, timings and file names.</summary>
    public static async Task<(ExperimentResult Result, ExperimentTimings Timings, IReadOnlyList<string> Files)> RunAsync(
        ExperimentScenario scenario, string repositoryRoot, string output, string command, Action<string> log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output);
        // A fresh registry per run: versions of an earlier run must not be read back as this run's final model.
        var registry = Path.Combine(output, "registry");
        if (Directory.Exists(registry)) Directory.Delete(registry, recursive: true);
        var (result, timings, scores) = await new ExperimentRunner(scenario, repositoryRoot, output, log).RunAsync(cancellationToken);
        var files = ExperimentOutputWriter.Write(result, timings, output).ToList();
        files.Add(ExperimentOutputWriter.WriteScores(scores, output));
        log("plotting");
        var figures = ExperimentPlots.WriteAll(result, scores, output);
        files.AddRange(figures.Select(f => f.File));
        files.Add(Path.GetFileName(ExperimentReportWriter.Write(result, timings, figures, output, command)));
        return (result, timings, files);
    }
}
