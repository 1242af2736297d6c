using System.CommandLine;
using System.CommandLine.Invocation;

namespace FedAspire.Lab.Commands;

/// <summary>The verbs of FedAspire.Lab (System.CommandLine).</summary>
public static class CliCommands
{
    /// <summary>Exit code for bad input: an unknown verb or option, a value of the wrong type, a bad file (the message says which).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>Every verb; add one line per new command.</summary>
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new GenerateCommand(),
        new PartitionCommand(),
        new HeterogeneityCommand(),
        new ExperimentCommand(),
        new SimulateCommand(),
        new RemoteFacilityCommand(),
    ];

    /// <summary>Runs the verb named by <c>args[0]</c> (no arguments or <c>help</c>: the list of verbs); returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is [] or ["help"]) args = ["--help"];
        var root = new RootCommand("FedAspire.Lab: data generation, partitioning, experiments and reports for FedAspire (the silo is FedAspire.Devices).");
        foreach (var command in All) root.Subcommands.Add(command.Create());
        var parse = root.Parse(args);
        string verb = parse.CommandResult.Command == root ? "fedaspire-lab" : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine's own error action names each error and suggests the option or verb a typo meant; the full help
            // would bury that line, so it points to --help instead.
            if (parse.Action is ParseErrorAction errors)
            {
                errors.ShowHelp = false;
                errors.ShowTypoCorrections = true;
                await parse.InvokeAsync(new InvocationConfiguration { Error = Console.Error, Output = Console.Error }, cancellationToken);
            }
            await Console.Error.WriteLineAsync($"See: dotnet run --project FedAspire.Lab -- {(verb == "fedaspire-lab" ? "" : verb + " ")}--help");
            return BadInputExitCode;
        }
        try
        {
            // Exceptions reach us, not System.CommandLine's handler: bad input is one line and exit 2, anything else a real crash.
            // On Ctrl+C or SIGTERM a run gets 30 s to end what it started (a scale run kills its silo processes) before the process exits.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) },
                cancellationToken);
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"{verb}: {e.Message}");
            return BadInputExitCode;
        }
    }
}
