namespace FedAspire.Core.Data.Readers;

/// <summary>How a folder of CSV files maps to facilities and devices (<see cref="CsvFolderReader"/>).</summary>
public enum CsvLayout
{
    /// <summary>Each file is one facility, named by its file name without extension.</summary>
    FilePerFacility,

    /// <summary>Each subfolder is a facility and each file in it a device; files directly in the folder are facilities of their own.</summary>
    FilePerDevice,

    /// <summary>One file or several, with a facility column and optionally a device column naming each row's owner.</summary>
    Columns,
}
