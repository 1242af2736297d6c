using FedAspire.Core.Data;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Devices.Facilities;

/// <summary>
/// Facilities cut from a pump-schema CSV (by default the committed <c>data/pump-plant-sample.csv</c>): the rows are split into
/// contiguous time blocks, one per facility (different days, loads and failure episodes: naturally non-IID). Within a block,
/// 60-row chunks alternate between training (a <c>trainFraction</c> share, NORMAL rows only: the autoencoder learns normal
/// behaviour) and labelled held-out data (RECOVERING and BROKEN are anomalous). Sensors never measured are dropped.
/// </summary>
public sealed class PumpSampleFacilities : IFacilityDataSource
{
    /// <summary>The sample's path relative to the repository root.</summary>
    public const string SamplePath = "data/pump-plant-sample.csv";

    private const int Chunk = 60;
    private readonly Dictionary<string, FacilityPartition> _partitions;

    private PumpSampleFacilities(string description, IReadOnlyList<string> features, Dictionary<string, FacilityPartition> partitions, FacilityPartition server)
    {
        Description = description;
        ServerPartition = server;
        Features = features;
        _partitions = partitions;
        FacilityIds = partitions.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FacilityIds { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Features { get; }

    /// <summary>One more block that no facility gets: every row labelled and held out, for centralized evaluation.</summary>
    public FacilityPartition ServerPartition { get; }

    /// <summary>The configured path, else the sample under the repository root; null when neither exists.</summary>
    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var root = DatasetLocator.FindRepositoryRoot();
        var path = root is null ? null : Path.Combine(root, SamplePath);
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>Reads <paramref name="path"/> and cuts it into <paramref name="facilities"/> facilities plus a server block.</summary>
    public static PumpSampleFacilities Load(string path, int facilities, double trainFraction = 0.7)
    {
        if (facilities < 1) throw new ArgumentOutOfRangeException(nameof(facilities), facilities, "At least one facility is needed.");
        if (!(trainFraction > 0 && trainFraction < 1)) throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The training fraction must be in (0, 1).");
        var table = PumpSensorReader.Read(path);
        if (!table.IsTimeOrdered()) throw new InvalidDataException($"{path}: rows are not in time order.");
        int block = table.RowCount / (facilities + 1);
        if (block < 10) throw new InvalidDataException($"{path}: {table.RowCount} rows are too few for {facilities} facilities.");
        var used = Enumerable.Range(0, table.SensorCount).Where(i => SensorTable.CountMissing(table.Column(i)) < table.RowCount).ToArray();
        var features = used.Select(i => table.SensorNames[i]).ToArray();

        var partitions = new Dictionary<string, FacilityPartition>(StringComparer.Ordinal);
        for (int k = 0; k < facilities; k++)
        {
            int start = k * block;
            // Alternating one-hour chunks (7 of every 10 train, 3 held out) spread failure episodes over both sides;
            // a single cut would leave most facilities without an anomaly to evaluate on.
            bool HeldOut(int row) => (row - start) / Chunk % 10 >= (int)Math.Round(trainFraction * 10);
            var trainRows = Enumerable.Range(start, block).Where(r => !HeldOut(r) && !table.IsAnomalous(r)).ToArray();
            var heldOutRows = Enumerable.Range(start, block).Where(HeldOut).ToArray();
            // The chunks (and dropped anomalies) leave jumps in time: windows are cut within each contiguous run only.
            partitions[$"facility-{k + 1:D2}"] = new FacilityPartition(features, RowMajor(table, used, trainRows), RowMajor(table, used, heldOutRows),
                heldOutRows.Select(table.IsAnomalous).ToArray())
            {
                TrainBreaks = FacilityPartition.BreaksOf(trainRows),
                HeldOutBreaks = FacilityPartition.BreaksOf(heldOutRows),
                InterleavedHeldOut = true,
            };
        }
        var serverRows = Enumerable.Range(facilities * block, block).ToArray();
        var server = new FacilityPartition(features, [], RowMajor(table, used, serverRows), serverRows.Select(table.IsAnomalous).ToArray());
        var description = $"{Path.GetFileName(path)} ({table.RowCount} rows, {features.Length} sensors) cut into {facilities} facilities and a server block";
        return new PumpSampleFacilities(description, features, partitions, server);
    }

    /// <inheritdoc />
    public Task<FacilityPartition?> LoadAsync(string facilityId, CancellationToken cancellationToken) =>
        Task.FromResult(_partitions.GetValueOrDefault(facilityId));

    /// <summary>The given rows of the given columns, row-major ([rows, columns]).</summary>
    internal static float[] RowMajor(SensorTable table, int[] columns, int[] rows)
    {
        var values = new float[rows.Length * columns.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            var column = table.Column(columns[c]);
            for (int r = 0; r < rows.Length; r++) values[r * columns.Length + c] = column[rows[r]];
        }
        return values;
    }
}
