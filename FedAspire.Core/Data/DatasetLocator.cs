namespace FedAspire.Core.Data;

/// <summary>Finds the repository root (the folder holding FedAspire.sln) and the shared datasets folder next to it.</summary>
public static class DatasetLocator
{
    /// <summary>Walks up from <paramref name="start"/> (default: the current directory, then the app base) to the folder with FedAspire.sln; null if none.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        foreach (var origin in start is null ? new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory } : new[] { start })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FedAspire.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>The datasets folder: <paramref name="configured"/> when given, else <c>../shared/datasets</c> relative to the repository root.</summary>
    public static string DatasetsRoot(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var root = FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets"));
    }
}
