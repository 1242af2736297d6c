using FedAspire.Devices.Extensions;
using FedAspire.Devices.Facilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The devices silo host as <c>Program.cs</c> builds it, in the test process: Orleans on free loopback ports, memory grain storage,
/// two in-silo facilities from the committed pump sample, no ingestion, no timed rounds, no central evaluation, HTTP on an
/// ephemeral loopback port. The test fixtures that need a whole silo add their settings and endpoints on top.
/// </summary>
internal static class EmbeddedSiloHost
{
    /// <summary>The committed pump sample the silo's facilities are cut from.</summary>
    public static string SamplePath { get; } = PumpSampleFacilities.Locate(null) ?? throw new InvalidOperationException($"{PumpSampleFacilities.SamplePath} not found");

    /// <summary>Starts the silo with its registry in <paramref name="registryPath"/>, <paramref name="settings"/> over the defaults, and <paramref name="map"/>'s endpoints.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(string registryPath, IReadOnlyDictionary<string, string?> settings,
        Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = TopologyProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = TopologyProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FedAspire:Storage:Mode"] = "Memory",
            ["FedAspire:Registry:Path"] = registryPath,
            ["FedAspire:Data:Path"] = SamplePath,
            ["FedAspire:Simulator:Facilities"] = "2",
            ["FedAspire:Ingestion:Enabled"] = "false",
            ["FedAspire:Federation:AutoStart"] = "false",
            ["FedAspire:Federation:CentralEvaluation"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFederationSilo();
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address + "/"));
    }

    /// <summary>An HTTP client for <paramref name="baseAddress"/>, with <paramref name="apiKey"/> as its bearer token when given.</summary>
    public static HttpClient Client(Uri baseAddress, string? apiKey, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    /// <summary>Stops <paramref name="app"/> (15 s at most) and disposes it.</summary>
    public static async ValueTask StopAsync(WebApplication? app)
    {
        if (app is null) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await app.StopAsync(stop.Token); }
        catch (OperationCanceledException) { /* shutting down anyway */ }
        await app.DisposeAsync();
    }
}
