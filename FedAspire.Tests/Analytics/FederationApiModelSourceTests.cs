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
    public async Task Downloads_the_model_only_when_its_identity_changed_and_follows_a_federation_that_started_over()
    {
        var ct = TestContext.Current.CancellationToken;
        string? etag = null;
        int downloads = 0;
        var onnx = AnalyticsModels.Bearing(version: 4, seed: 1);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        // The federation API's contract: the ETag is the version's identity, If-None-Match with it answers 304.
        app.MapGet("/federations/{name}/model.onnx", (string name, HttpRequest request, HttpResponse response) =>
        {
            if (name != "bearings" || Volatile.Read(ref etag) is not { } tag) return Results.NotFound();
            response.Headers.ETag = tag;
            if (request.Headers.IfNoneMatch.Contains(tag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            Interlocked.Increment(ref downloads);
            return Results.File(onnx, "application/octet-stream");
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address + "/") };
        var source = new FederationApiModelSource(http, "bearings");

        Assert.Null(await source.TryGetChangedAsync(null, ct));
        Volatile.Write(ref etag, "\"epoch-a.4.abc\"");
        var candidate = await source.TryGetChangedAsync(null, ct);
        Assert.NotNull(candidate);
        Assert.Equal(onnx, candidate.Onnx);
        Assert.Equal("epoch-a.4.abc", candidate.Identity);
        Assert.Null(await source.TryGetChangedAsync(candidate.Identity, ct));
        Assert.Equal(1, downloads);

        // A federation started over: a new epoch and a lower number is still a different model.
        Volatile.Write(ref etag, "\"epoch-b.1.def\"");
        Assert.Equal("epoch-b.1.def", (await source.TryGetChangedAsync(candidate.Identity, ct))!.Identity);
        Assert.Null(await new FederationApiModelSource(http, "unknown").TryGetChangedAsync(null, ct));
        await app.StopAsync(ct);
    }
}
