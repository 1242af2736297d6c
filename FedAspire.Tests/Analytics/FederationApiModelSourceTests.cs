using FedAspire.Analytics.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class FederationApiModelSourceTests
{
    [Fact]
    public async Task Downloads_the_model_only_when_the_status_reports_a_newer_version()
    {
        var ct = TestContext.Current.CancellationToken;
        long version = -1;
        int downloads = 0;
        var onnx = AnalyticsModels.Bearing(version: 4, seed: 1);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        // The same routes and JSON shape (camelCase "version") as the federation API of the devices silo.
        app.MapGet("/federations/{name}/status", (string name) =>
            name == "bearings" ? Results.Json(new { name, configured = true, version = Interlocked.Read(ref version) }) : Results.NotFound());
        app.MapGet("/federations/{name}/model.onnx", (string name) =>
        {
            Interlocked.Increment(ref downloads);
            return Interlocked.Read(ref version) >= 0 ? Results.File(onnx, "application/octet-stream") : Results.NotFound();
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address + "/") };
        var source = new FederationApiModelSource(http, "bearings");

        Assert.Null(await source.TryGetNewerAsync(-1, ct));
        Interlocked.Exchange(ref version, 4);
        var candidate = await source.TryGetNewerAsync(-1, ct);
        Assert.NotNull(candidate);
        Assert.Equal(onnx, candidate.Onnx);
        Assert.Null(await source.TryGetNewerAsync(4, ct));
        Assert.Equal(1, downloads);
        Assert.Null(await new FederationApiModelSource(http, "unknown").TryGetNewerAsync(-1, ct));
        await app.StopAsync(ct);
    }
}
