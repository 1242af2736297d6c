using System.CommandLine;
using System.Globalization;

namespace FedAspire.Lab.Commands;

/// <summary>Option values System.CommandLine does not type by itself: comma-separated lists.</summary>
internal static class CliValues
{
    /// <summary>A comma-separated list of numbers such as <c>0.05,0.35,0.6</c>, or null when the option was not given.</summary>
    public static double[]? Doubles(string option, string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new CommandLineException($"Option {option}: '{x}' is not a number."))
            .ToArray();

    /// <summary>A comma-separated list of names, or null when the option was not given.</summary>
    public static string[]? Names(string? text) => text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Throws when any of <paramref name="options"/> was given: they do not apply to <paramref name="mode"/> (a typo or a wrong mode must not pass silently).</summary>
    public static void Reject(ParseResult parse, string mode, params Option[] options)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var given = options.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
        if (given.Length > 0) throw new CommandLineException($"{string.Join(", ", given)} {(given.Length == 1 ? "does" : "do")} not apply to {mode}.");
    }
}
