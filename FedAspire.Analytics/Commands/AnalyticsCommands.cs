using System.CommandLine;
using System.CommandLine.Invocation;

namespace FedAspire.Analytics.Commands;

/// <summary>The verbs of FedAspire.Analytics (System.CommandLine); with no verb the process runs the analytics service.</summary>
public static class AnalyticsCommands
{
    /// <summary>
    /// Runs the verb named by <c>args[0]</c>; null when <paramref name="args"/> names none: empty, a host switch or a configuration
    /// override (<c>Key=Value</c>), which go to the service's host, as in FedAspire.Devices.
    /// </summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].Contains('=', StringComparison.Ordinal)) return null;
        if (args[0] is "help") args = ["--help"];
        else if (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?")) return null;
        var root = new RootCommand("FedAspire.Analytics: with no verb, the analytics service (embedded defaults without configuration).")
        {
            ScoreCommandOptions.CreateCommand((options, _) => ScoreCommand.RunAsync(options, Console.Out)),
        };
        var parse = root.Parse(args);
        string verb = parse.CommandResult.Command == root ? "analytics" : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0)
        {
            // The parser's own error action: each error, and the option or verb a typo meant, without the full help.
            if (parse.Action is ParseErrorAction errors)
            {
                errors.ShowHelp = false;
                errors.ShowTypoCorrections = true;
                await parse.InvokeAsync(new InvocationConfiguration { Error = Console.Error, Output = Console.Error });
            }
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{verb}: {e.Message}");
            return 2;
        }
    }
}
