using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Storage;

/// <summary>The embedded grain storage used when no <c>Orleans:GrainStorage:Default:*</c> provider is configured (section <c>FedAspire:Storage</c>).</summary>
public sealed class GrainStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Storage";

    /// <summary><c>File</c> (state survives restarts) or <c>Memory</c> (state is lost on exit).</summary>
    public string Mode { get; set; } = "File";

    /// <summary>Directory of the file grain storage.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".fedaspire", "grains");

    /// <summary>True for memory storage.</summary>
    public bool InMemory => string.Equals(Mode, "Memory", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Binds and checks the section; throws <see cref="OptionsValidationException"/> naming the key. Read while the host is
    /// being built (the silo's storage provider depends on it), so it is checked then rather than at start-up.
    /// </summary>
    public static GrainStorageOptions Read(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = new GrainStorageOptions();
        config.GetSection(Section).Bind(o);
        var failures = new List<string>();
        if (!o.InMemory && !string.Equals(o.Mode, "File", StringComparison.OrdinalIgnoreCase))
            failures.Add($"{Section}:{nameof(Mode)}: must be File or Memory, got '{o.Mode}'.");
        if (!o.InMemory && string.IsNullOrWhiteSpace(o.Path)) failures.Add($"{Section}:{nameof(Path)}: must name a directory for File storage.");
        return failures.Count == 0 ? o : throw new OptionsValidationException(Section, typeof(GrainStorageOptions), failures);
    }
}
