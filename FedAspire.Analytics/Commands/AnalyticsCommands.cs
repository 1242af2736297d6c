namespace FedAspire.Analytics.Commands;

/// <summary>The verbs of FedAspire.Analytics; with no verb the process runs the analytics service.</summary>
public static class AnalyticsCommands
{
    /// <summary>Runs the verb named by <c>args[0]</c>; null when <paramref name="args"/> names none (run the service).</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return null;
        switch (args[0])
        {
            case "score":
                try
                {
                    var options = ScoreCommandOptions.Parse(args[1..]);
                    return await ScoreCommand.RunAsync(options, Console.Out);
                }
                catch (UsageException e)
                {
                    await Console.Error.WriteLineAsync($"score: {e.Message}");
                    return 2;
                }
            case "help" or "--help":
                PrintHelp();
                return 0;
            default:
                // Anything else (e.g. ASP.NET Core's key=value overrides) is for the host.
                return args[0].Contains('=', StringComparison.Ordinal) ? null : Unknown(args[0]);
        }
    }

    private static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Unknown verb '{verb}'.");
        PrintHelp();
        return 2;
    }

    private static void PrintHelp()
    {
        Console.WriteLine("usage: dotnet run --project FedAspire.Analytics [-- VERB [--option value ...]]");
        Console.WriteLine("  (no verb)  run the analytics service (embedded defaults without configuration)");
        Console.WriteLine($"  score      {ScoreCommandOptions.Usage}");
    }
}
