namespace FedAspire.Devices.Commands;

/// <summary>The verbs of FedAspire.Devices. With no verb the process runs the silo.</summary>
public static class CliCommands
{
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

    /// <summary>Runs the verb named by <c>args[0]</c>; returns null when <paramref name="args"/> names no verb (run the silo).</summary>
    public static async Task<int?> TryRunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return null;
        if (args[0] is "help" or "--help")
        {
            PrintHelp();
            return 0;
        }
        var command = All.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            Console.Error.WriteLine($"Unknown verb '{args[0]}'.");
            PrintHelp();
            return 2;
        }
        try
        {
            return await command.RunAsync(new CommandArguments(args[1..]), cancellationToken);
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine($"{command.Name}: {e.Message}");
            return 2;
        }
    }

    private static void PrintHelp()
    {
        Console.WriteLine("usage: dotnet run --project FedAspire.Devices [-- VERB [--option value ...]]");
        Console.WriteLine("  (no verb)  run the silo with the federation (embedded defaults without configuration)");
        foreach (var c in All) Console.WriteLine($"  {c.Name,-16} {c.Summary}");
    }
}
