using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedAspire.Aggregator.Persistence;
using FedAspire.Core.Federation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// The embedded registry: per federation a directory with <c>versions/NNNNNN.onnx</c> + <c>NNNNNN.json</c> per version, an
/// <c>epoch</c> file, the framed history <c>rounds.jsonl</c> (<see cref="RoundHistoryFile"/>) and one bounded metric series per
/// facility under <c>facilities/</c> (<see cref="FacilitySeriesFile"/>). A version's ONNX lands first;
/// its JSON document is renamed into place without overwriting, which is the single step that publishes it, so a crash leaves
/// the version either absent or complete and a published number is never replaced. Survives restarts.
/// </summary>
public sealed partial class FileModelRegistry : IModelRegistry, IDisposable
{
    /// <summary>JSON settings of registry documents (also fit for the HTTP API): camelCase, enum names, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>File name of the round history inside a federation's directory.</summary>
    public const string HistoryFileName = "rounds.jsonl";

    private readonly string _root;
    private readonly IDurableFiles _files;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly int _roundsPerFacility;
    private long _skippedRecords;

    /// <summary>
    /// Opens (creating when needed) the registry under <paramref name="rootDirectory"/>; <paramref name="files"/> defaults to the real
    /// file system, <paramref name="series"/> to 1,000 rounds per facility.
    /// </summary>
    public FileModelRegistry(string rootDirectory, IDurableFiles? files = null, ILogger<FileModelRegistry>? logger = null, FacilitySeriesOptions? series = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        _files = files ?? PhysicalDurableFiles.Instance;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _roundsPerFacility = (series ?? new FacilitySeriesOptions()).Validate().RoundsPerFacility;
        _files.CreateDirectory(_root);
    }

    /// <summary>The absolute root directory.</summary>
    public string RootDirectory => _root;

    /// <summary>Corrupt or torn history and series records skipped by reads since this instance opened (each read counts what it met).</summary>
    public long SkippedRecords => Interlocked.Read(ref _skippedRecords);

    /// <summary>The history file of <paramref name="federation"/>.</summary>
    public string HistoryPath(string federation) => Path.Combine(FederationDirectory(federation), HistoryFileName);

    /// <inheritdoc />
    public void Dispose() => _writeLock.Dispose();

    /// <inheritdoc />
    public async Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Version < 0) throw new ArgumentException($"Version must be >= 0, got {version.Version}.", nameof(version));
        var stamped = version with { Epoch = await GetEpochAsync(version.Federation, cancellationToken), Fingerprint = VersionFingerprint.Of(version) };
        var dir = VersionsDirectory(version.Federation);
        _files.CreateDirectory(dir);
        var stem = Path.Combine(dir, version.Version.ToString("D6", CultureInfo.InvariantCulture));
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (await ExistingFingerprintAsync(stem + ".json", cancellationToken) is { } existing)
            {
                if (existing == stamped.Fingerprint) return;
                throw new VersionConflictException(version.Federation, version.Version, existing, stamped.Fingerprint!);
            }
            // ONNX first (an orphan ONNX without its JSON is invisible and is overwritten by the next attempt); the JSON's
            // no-overwrite rename is the commit point.
            await _files.WriteAsync(stem + ".onnx.tmp", version.Onnx, cancellationToken);
            _files.Move(stem + ".onnx.tmp", stem + ".onnx", overwrite: true);
            await _files.WriteAsync(stem + ".json.tmp", JsonSerializer.SerializeToUtf8Bytes(stamped with { Onnx = [] }, JsonOptions), cancellationToken);
            _files.Move(stem + ".json.tmp", stem + ".json", overwrite: false);
        }
        finally
        {
            _writeLock.Release();
        }
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
    public async Task<string> GetEpochAsync(string federation, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(FederationDirectory(federation), "epoch");
        if (await ReadEpochAsync(path, cancellationToken) is { } epoch) return epoch;
        _files.CreateDirectory(FederationDirectory(federation));
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await _files.WriteAsync(temp, Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N")), cancellationToken);
        try
        {
            _files.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer created it first: theirs is the epoch.
            File.Delete(temp);
        }
        return await ReadEpochAsync(path, cancellationToken) ?? throw new InvalidDataException($"Epoch file {path} is empty.");
    }

    /// <inheritdoc />
    public async Task SaveRoundAsync(RoundRecord round, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        var dir = FederationDirectory(round.Federation);
        _files.CreateDirectory(dir);
        var path = Path.Combine(dir, HistoryFileName);
        var line = RoundHistoryFile.Frame(round);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var tail = RoundHistoryFile.ReadPage(path, 1, null);
            if (tail.Rounds is [var lastRound] && lastRound.RoundId >= round.RoundId) return;
            // A torn last line (crash or full disk mid-append) is closed off so it stays one skipped record, not a prefix of this one.
            if (!RoundHistoryFile.EndsCleanly(path)) line = [(byte)'\n', .. line];
            await _files.AppendAsync(path, line, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<RoundPage> ReadRoundsAsync(string federation, int last, long? before = null, CancellationToken cancellationToken = default)
    {
        var path = HistoryPath(federation);
        var page = RoundHistoryFile.ReadPage(path, last, before);
        if (page.Skipped > 0) Skipped(path, page.Skipped);
        return Task.FromResult(page);
    }

    /// <summary>The series file of <paramref name="facility"/> in <paramref name="federation"/>.</summary>
    public string FacilitySeriesPath(string federation, string facility) =>
        Path.Combine(FederationDirectory(federation), FacilitySeriesFile.DirectoryName, FacilitySeriesFile.FileName(facility));

    /// <inheritdoc />
    public async Task SaveFacilityRoundsAsync(string federation, IReadOnlyList<FacilityRoundPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return;
        _files.CreateDirectory(Path.Combine(FederationDirectory(federation), FacilitySeriesFile.DirectoryName));
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var point in points)
            {
                var path = FacilitySeriesPath(federation, point.Facility);
                var tail = FacilitySeriesFile.ReadPage(path, point.Facility, 1, null, 1);
                if (tail.Rounds is [var lastPoint] && lastPoint.RoundId >= point.RoundId) continue;
                var line = FacilitySeriesFile.Frame(point);
                if (!FramedLines.EndsCleanly(path)) line = [(byte)'\n', .. line];
                await _files.AppendAsync(path, line, cancellationToken);
                // Compacted once the file holds about twice the bound (judged by this line's size): appends stay single lines and
                // the rewrite costs one bounded file every N rounds of the facility.
                if (new FileInfo(path).Length > 2L * _roundsPerFacility * line.Length)
                    await CompactSeriesAsync(path, point.Facility, cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<FacilityRoundPage> ReadFacilityRoundsAsync(string federation, string facility, int last, long? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(facility);
        var path = FacilitySeriesPath(federation, facility);
        var page = FacilitySeriesFile.ReadPage(path, facility, last, before, _roundsPerFacility);
        if (page.Skipped > 0) Skipped(path, page.Skipped);
        return Task.FromResult(page);
    }

    // The newest points into a new file, renamed over the old one: a crash leaves the old file or the new one, never half of either.
    private async Task CompactSeriesAsync(string path, string facility, CancellationToken cancellationToken)
    {
        var kept = FacilitySeriesFile.ReadPage(path, facility, _roundsPerFacility, null, _roundsPerFacility);
        using var buffer = new MemoryStream();
        foreach (var point in kept.Rounds) buffer.Write(FacilitySeriesFile.Frame(point));
        var temp = path + ".tmp";
        await _files.WriteAsync(temp, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        _files.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default)
    {
        var path = HistoryPath(federation);
        var (rounds, skipped) = RoundHistoryFile.ReadAll(path);
        if (skipped > 0) Skipped(path, skipped);
        return Task.FromResult<IReadOnlyList<RoundRecord>>(rounds);
    }

    private void Skipped(string path, int count)
    {
        Interlocked.Add(ref _skippedRecords, count);
        LogSkipped(path, count);
    }

    private static async Task<string?> ExistingFingerprintAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return null;
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        // A version written before fingerprints existed has none: any payload differs from it.
        return document.RootElement.TryGetProperty("fingerprint", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "(none)";
    }

    private static async Task<string?> ReadEpochAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return null;
        var text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        return text.Length == 0 ? null : text;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry file {Path}: {Count} torn or corrupt record(s) skipped")]
    private partial void LogSkipped(string path, int count);
}
