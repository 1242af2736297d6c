using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Facilities;

/// <summary>Where the silo's facilities get their data (section <c>FedAspire:Data</c>).</summary>
public sealed class FacilityDataOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Data";

    private static readonly string[] Sources = ["sample", "synthetic", "scenario"];

    /// <summary>
    /// <c>sample</c> (the committed pump sample when it can be found, else the synthetic plant), <c>synthetic</c> (the small
    /// built-in generator) or <c>scenario</c> (the facilities of the experiment scenario file <see cref="Scenario"/>).
    /// </summary>
    public string Source { get; set; } = "sample";

    /// <summary>Path of a pump-schema CSV for <c>sample</c>; default: the committed sample.</summary>
    public string? Path { get; set; }

    /// <summary>Scenario file for <c>scenario</c>.</summary>
    public string? Scenario { get; set; }

    /// <summary>True for the synthetic generator.</summary>
    public bool Synthetic => string.Equals(Source, "synthetic", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a scenario's facilities.</summary>
    public bool FromScenario => string.Equals(Source, "scenario", StringComparison.OrdinalIgnoreCase);

    /// <summary>Binds and checks the section (read while the host is built); throws <see cref="OptionsValidationException"/> naming the key.</summary>
    public static FacilityDataOptions Read(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = new FacilityDataOptions();
        config.GetSection(Section).Bind(o);
        var failures = new List<string>();
        if (!Sources.Contains(o.Source, StringComparer.OrdinalIgnoreCase))
            failures.Add($"{Section}:{nameof(Source)}: must be one of {string.Join(", ", Sources)}, got '{o.Source}'.");
        if (o.FromScenario && string.IsNullOrWhiteSpace(o.Scenario))
            failures.Add($"{Section}:{nameof(Scenario)}: {Section}:{nameof(Source)} is 'scenario' but no scenario file is named.");
        return failures.Count == 0 ? o : throw new OptionsValidationException(Section, typeof(FacilityDataOptions), failures);
    }
}
