using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// The embedded registry: per federation a directory with <c>versions/NNNNNN.json</c> + <c>NNNNNN.onnx</c> per version and
/// <c>rounds.jsonl</c> (one round per line, appended and flushed to disk). Files are written to a temporary name and renamed,
/// so a crash never leaves a half-written version; survives restarts.
/// </summary>
public sealed class FileModelRegistry : IModelRegistry, IDisposable
{
    /// <summary>JSON settings of registry documents (also fit for the HTTP API): camelCase, enum names, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _root;
    private readonly SemaphoreSlim _appendLock = new(1, 1);

    /// <summary>Opens (creating when needed) the registry under <paramref name="rootDirectory"/>.</summary>
    public FileModelRegistry(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The absolute root directory.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public void Dispose() => _appendLock.Dispose();

    /// <inheritdoc />
    public async Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Version < 0) throw new ArgumentException($"Version must be >= 0, got {version.Version}.", nameof(version));
        var dir = VersionsDirectory(version.Federation);
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, version.Version.ToString("D6", CultureInfo.InvariantCulture));
        // ONNX first: the JSON document is what makes a version visible, so it must land last.
        await WriteAtomicAsync(stem + ".onnx", version.Onnx, cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(version with { Onnx = [] }, JsonOptions);
        await WriteAtomicAsync(stem + ".json", json, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GlobalModelVersion?> GetLatestAsync(string federation, CancellationToken cancellationToken = default)
    {
        var dir = VersionsDirectory(federation);
        if (!Directory.Exists(dir)) return null;
        long latest = -1;
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > latest)
                latest = v;
        return latest < 0 ? null : await GetVersionAsync(federation, latest, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GlobalModelVersion?> GetVersionAsync(string federation, long version, CancellationToken cancellationToken = default)
    {
        var stem = Path.Combine(VersionsDirectory(federation), version.ToString("D6", CultureInfo.InvariantCulture));
        if (!File.Exists(stem + ".json")) return null;
        await using var stream = File.OpenRead(stem + ".json");
        var document = await JsonSerializer.DeserializeAsync<GlobalModelVersion>(stream, JsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"Registry document {stem}.json is empty.");
        var onnx = File.Exists(stem + ".onnx") ? await File.ReadAllBytesAsync(stem + ".onnx", cancellationToken) : [];
        return document with { Onnx = onnx };
    }

    /// <inheritdoc />
    public async Task SaveRoundAsync(RoundRecord round, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        var dir = FederationDirectory(round.Federation);
        Directory.CreateDirectory(dir);
        var line = JsonSerializer.Serialize(round, JsonOptions) + "\n";
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var stream = new FileStream(Path.Combine(dir, "rounds.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(FederationDirectory(federation), "rounds.jsonl");
        if (!File.Exists(path)) return [];
        var rounds = new List<RoundRecord>();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                rounds.Add(JsonSerializer.Deserialize<RoundRecord>(line, JsonOptions)
                    ?? throw new InvalidDataException($"{path}:{lineNumber} is null."));
            }
            catch (JsonException) when (reader.Peek() < 0)
            {
                // A crash during the last append leaves a torn final line; every earlier line is complete.
                break;
            }
        }
        return rounds;
    }

    private string FederationDirectory(string federation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(federation);
        foreach (char c in federation)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || federation is "." or "..")
                throw new ArgumentException($"Federation name '{federation}' may only contain letters, digits, '-', '_' and '.'.", nameof(federation));
        return Path.Combine(_root, federation);
    }

    private string VersionsDirectory(string federation) => Path.Combine(FederationDirectory(federation), "versions");

    private static async Task WriteAtomicAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await stream.WriteAsync(bytes, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
