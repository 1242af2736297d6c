namespace FedAspire.Core.Data.Readers;

/// <summary>What <see cref="CsvFolderReader"/> does with rows of one facility or device that share a timestamp.</summary>
public enum DuplicateTimestampPolicy
{
    /// <summary>The first duplicate is an error naming both lines.</summary>
    Error,

    /// <summary>Keep the row read first, drop the others.</summary>
    KeepFirst,

    /// <summary>Keep the row read last, drop the others.</summary>
    KeepLast,

    /// <summary>One row with each sensor's mean over the duplicates (missing values skipped), anomalous when any of them is.</summary>
    Mean,
}
