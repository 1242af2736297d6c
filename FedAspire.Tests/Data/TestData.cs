using FedAspire.Core.Data;

namespace FedAspire.Tests.Data;

/// <summary>Locations of the shared real datasets and the repository, for tests that skip cleanly when absent.</summary>
internal static class TestData
{
    public static string RepositoryRoot => DatasetLocator.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("FedAspire.sln not found above the test binaries.");

    public static string DatasetsRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));

    /// <summary>The path under the datasets root, or a skip when it is absent.</summary>
    public static string Require(string relative)
    {
        var path = Path.Combine(DatasetsRoot, relative);
        if (!File.Exists(path) && !Directory.Exists(path)) Assert.Skip($"Real dataset {path} is absent; this test runs where ../shared/datasets exists.");
        return path;
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fedaspire-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
