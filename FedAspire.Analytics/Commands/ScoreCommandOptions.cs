using System.CommandLine;

namespace FedAspire.Analytics.Commands;

/// <summary>Options of the <c>score</c> verb.</summary>
public sealed record ScoreCommandOptions(string Model, string Input, string Output, string? LabelColumn, char? Separator, float? Threshold, string? MetricsOutput)
{
    /// <summary>The <c>score</c> verb with its typed options; <paramref name="run"/> gets the validated options.</summary>
    public static Command CreateCommand(Func<ScoreCommandOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (command, bind) = Build();
        command.SetAction((parse, ct) => run(bind(parse), ct));
        return command;
    }

    /// <summary>Parses the verb's arguments; throws <see cref="UsageException"/> naming the bad, unknown or missing option.</summary>
    public static ScoreCommandOptions Parse(IReadOnlyList<string> args)
    {
        var (command, bind) = Build();
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0) throw new UsageException(string.Join(" ", parse.Errors.Select(e => e.Message)));
        return bind(parse);
    }

    private static (Command Command, Func<ParseResult, ScoreCommandOptions> Bind) Build()
    {
        var model = new Option<string>("--model") { Description = "the ONNX model (a FedAspire export)", HelpName = "FILE", Required = true };
        var input = new Option<string>("--input") { Description = "the sensor CSV to score", HelpName = "FILE", Required = true };
        var output = new Option<string>("--output") { Description = "where the per-row scores go", HelpName = "FILE", Required = true };
        var label = new Option<string?>("--label-column") { Description = "a 0/1 label column: metrics are computed against it" };
        var separator = new Option<string?>("--separator") { Description = "one character, or \\t (default: detected)" };
        var threshold = new Option<float?>("--threshold") { Description = "alarm above this score (default: the model's calibrated threshold)" };
        var metrics = new Option<string?>("--metrics") { Description = "write the metrics as JSON here", HelpName = "FILE" };
        var command = new Command("score", "score a sensor CSV with an ONNX model: per-row scores, alarms and, with labels, F1/FAR/MAR/PR-AUC")
        {
            model, input, output, label, separator, threshold, metrics,
        };
        return (command, parse =>
        {
            char? sep = parse.GetValue(separator) is { } s
                ? s.Length == 1 ? s[0] : s == "\\t" ? '\t' : throw new UsageException($"--separator must be one character, got '{s}'.")
                : null;
            if (parse.GetValue(threshold) is { } t && !float.IsFinite(t)) throw new UsageException($"--threshold '{t}' is not a finite number.");
            return new ScoreCommandOptions(parse.GetRequiredValue(model), parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(label),
                sep, parse.GetValue(threshold), parse.GetValue(metrics));
        });
    }
}
