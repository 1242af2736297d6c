using System.Globalization;

namespace FedAspire.Analytics.Commands;

/// <summary>Options of the <c>score</c> verb.</summary>
public sealed record ScoreCommandOptions(string Model, string Input, string Output, string? LabelColumn, char? Separator, float? Threshold, string? MetricsOutput)
{
    /// <summary>One-line usage.</summary>
    public const string Usage = "--model m.onnx --input x.csv --output scores.csv [--label-column anomaly] [--separator ';'] [--threshold t] [--metrics metrics.json]";

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="UsageException"/> naming the bad or missing option.</summary>
    public static ScoreCommandOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2) throw new UsageException($"Unexpected argument '{args[i]}'. Usage: score {Usage}");
            if (i + 1 >= args.Count) throw new UsageException($"Option {args[i]} needs a value.");
            values[args[i][2..]] = args[++i];
        }
        string Required(string name) => values.Remove(name, out var v) ? v : throw new UsageException($"Option --{name} is required. Usage: score {Usage}");
        string? Optional(string name) => values.Remove(name, out var v) ? v : null;

        var model = Required("model");
        var input = Required("input");
        var output = Required("output");
        var label = Optional("label-column");
        var separator = Optional("separator") is { } s
            ? s.Length == 1 ? s[0] : s == "\\t" ? '\t' : throw new UsageException($"--separator must be one character, got '{s}'.")
            : (char?)null;
        float? threshold = Optional("threshold") is { } t
            ? float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var tv) && float.IsFinite(tv) ? tv : throw new UsageException($"--threshold '{t}' is not a finite number.")
            : null;
        var metrics = Optional("metrics");
        if (values.Count > 0) throw new UsageException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
        return new ScoreCommandOptions(model, input, output, label, separator, threshold, metrics);
    }
}
