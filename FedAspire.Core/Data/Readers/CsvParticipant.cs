namespace FedAspire.Core.Data.Readers;

/// <summary>
/// One facility (or one device of a facility) read by <see cref="CsvFolderReader"/>: its rows in time order, one value per
/// feature of the folder's union (NaN where its files lack that sensor), after the duplicate-timestamp policy.
/// </summary>
/// <param name="Facility">Facility name as found (file, subfolder or facility-column value).</param>
/// <param name="Device">Device name, or null when the layout has no devices.</param>
/// <param name="Files">The files its rows came from.</param>
/// <param name="Timestamps">Row timestamps (ticks, ascending, distinct).</param>
/// <param name="Rows">Row-major values, <c>Timestamps.Length x</c> the folder's feature count.</param>
/// <param name="Anomalous">Per row: labelled anomalous; null when its files have no label column.</param>
/// <param name="Sensors">The sensors its files hold (a subset of the folder's features).</param>
/// <param name="RowsRead">Data rows read before duplicates were merged or dropped.</param>
/// <param name="OutOfOrder">Rows whose timestamp was earlier than the row before them (they were sorted into place).</param>
/// <param name="Duplicates">Rows whose timestamp repeated an earlier row's (handled by the policy).</param>
public sealed record CsvParticipant(string Facility, string? Device, IReadOnlyList<string> Files, long[] Timestamps, float[] Rows, bool[]? Anomalous,
    IReadOnlyList<string> Sensors, int RowsRead, int OutOfOrder, int Duplicates)
{
    /// <summary>Rows after the duplicate policy.</summary>
    public int RowCount => Timestamps.Length;

    /// <summary><c>facility</c> or <c>facility.device</c>.</summary>
    public string Name => Device is null ? Facility : $"{Facility}.{Device}";
}
