namespace FedAspire.Core.Data.Readers;

/// <summary>Everything <see cref="CsvFolderReader"/> read from a folder: the union of sensors and every facility or device.</summary>
/// <param name="Path">The folder or file read.</param>
/// <param name="Files">Every file read, in reading order.</param>
/// <param name="Features">Union of the files' sensors in first-seen order.</param>
/// <param name="Participants">Facilities (or devices), ordered by name.</param>
/// <param name="SkippedColumns">Text columns that were not read as sensors (first value not a number), with their file.</param>
/// <param name="UnlabelledFiles">Files without the label column (their participants are unlabelled).</param>
public sealed record CsvFolderData(string Path, IReadOnlyList<string> Files, IReadOnlyList<string> Features, IReadOnlyList<CsvParticipant> Participants,
    IReadOnlyList<string> SkippedColumns, IReadOnlyList<string> UnlabelledFiles)
{
    /// <summary>Rows over every participant after the duplicate policy.</summary>
    public long RowCount => Participants.Sum(p => (long)p.RowCount);
}
