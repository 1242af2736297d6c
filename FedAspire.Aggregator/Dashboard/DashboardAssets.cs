using System.Collections.Concurrent;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>The dashboard's page and script, embedded in this assembly (<c>Dashboard/wwwroot</c>) and read once.</summary>
internal static class DashboardAssets
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The bytes of embedded file <paramref name="fileName"/>; throws naming the file when the build left it out.</summary>
    public static byte[] Read(string fileName) => Cache.GetOrAdd(fileName, static name =>
    {
        var resource = "FedAspire.Dashboard." + name;
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"dashboard asset '{resource}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
