using FedAspire.Aggregator.Dashboard;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FedAspire.Devices.Dashboard;

/// <summary>Prints where the dashboard answers once Kestrel has bound its addresses.</summary>
public static class DashboardUrls
{
    /// <summary>The dashboard URL for each bound address; wildcard hosts (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) become <c>localhost</c> so the line can be opened.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> addresses) =>
        [.. addresses.Select(a => new UriBuilder(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)))
            .Select(u => { if (u.Host is "0.0.0.0" or "[::]" or "::") u.Host = "localhost"; u.Path = DashboardApi.Path; return u.Uri.ToString(); })];

    /// <summary>Writes one <c>dashboard: URL</c> line per bound address.</summary>
    public static void Print(WebApplication app, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(output);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var url in Of(addresses)) output.WriteLine($"dashboard: {url}");
    }
}
