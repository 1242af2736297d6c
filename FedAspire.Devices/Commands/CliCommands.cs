using System.CommandLine;

namespace FedAspire.Devices.Commands;

/// <summary>The verbs of FedAspire.Devices (System.CommandLine). With no verb the process runs the silo.</summary>
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

    /// <summary>
    /// Runs the verb named by <c>args[0]</c>; returns null when <paramref name="args"/> names no verb: empty, a host switch
    /// (<c>--urls ...</c>) or a configuration override (<c>Key=Value</c>), all of which go to the silo's host.
    /// </summary>
    public static async Task<int?> TryRunAsync(string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].Contains('=', StringComparison.Ordinal)) return null;
        if (args[0] is "help") args = ["--help"];
        else if (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?")) return null;
        var root = new RootCommand("FedAspire.Devices: with no verb, the silo with the federation (embedded defaults without configuration).");
        foreach (var command in All) root.Subcommands.Add(command.Create());
        var parse = root.Parse(args);
        string verb = parse.CommandResult.Command == root ? "fedaspire" : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"{verb}: {error.Message}");
            await Console.Error.WriteLineAsync($"See: dotnet run --project FedAspire.Devices -- {(verb == "fedaspire" ? "" : verb + " ")}--help");
            return BadInputExitCode;
        }
        try
        {
            // Exceptions reach us, not System.CommandLine's handler: bad input is one line and exit 2, anything else a real crash.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"{verb}: {e.Message}");
            return BadInputExitCode;
        }
    }
}
