using System.Globalization;

namespace FedAspire.Devices.Commands;

/// <summary><c>--name value</c> and <c>--flag</c> options of a verb, with typed accessors that fail with the option's name.</summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses options; a token not starting with <c>--</c> after an option is its value.</summary>
    public CommandArguments(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                throw new CommandLineException($"Unexpected argument '{token}'. Options look like --name value.");
            var name = token[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            _options[name] = value;
        }
    }

    /// <summary>True when the flag or option is present.</summary>
    public bool Has(string name) { _read.Add(name); return _options.ContainsKey(name); }

    /// <summary>The option's text, or <paramref name="fallback"/> when absent.</summary>
    public string GetString(string name, string fallback) => GetStringOrNull(name) ?? fallback;

    /// <summary>The option's text, or null when absent.</summary>
    public string? GetStringOrNull(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return null;
        return value ?? throw new CommandLineException($"Option --{name} needs a value.");
    }

    /// <summary>The option parsed as an integer.</summary>
    public int GetInt(string name, int fallback) => GetParsed(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    /// <summary>The option parsed as a double.</summary>
    public double GetDouble(string name, double fallback) => GetParsed(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>A comma-separated list of doubles, e.g. <c>0.05,0.35,0.6</c>.</summary>
    public double[]? GetDoubles(string name) =>
        GetStringOrNull(name) is { } s
            ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
               .Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                   ? v : throw new CommandLineException($"Option --{name}: '{x}' is not a number."))
               .ToArray()
            : null;

    /// <summary>Throws when an option was given that the verb never asked for (a typo must not be ignored silently).</summary>
    public void ThrowOnUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0) throw new CommandLineException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private T GetParsed<T>(string name, T fallback, Func<string, T> parse)
    {
        var s = GetStringOrNull(name);
        if (s is null) return fallback;
        try { return parse(s); }
        catch (FormatException) { throw new CommandLineException($"Option --{name}: '{s}' is not a valid {typeof(T).Name}."); }
        catch (OverflowException) { throw new CommandLineException($"Option --{name}: '{s}' is out of range."); }
    }
}
