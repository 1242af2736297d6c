using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedAspire.Analytics.Apis;
using FedAspire.Analytics.Extensions;
using FedAspire.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class AnomalyApiTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fedaspire-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        AnalyticsModels.Publish(Path.Combine(_dir, "registry"), "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 1, threshold: 0f));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedAspire:Analytics:Federation"] = "bearings",
            ["FedAspire:Analytics:RegistryPath"] = Path.Combine(_dir, "registry"),
            ["FedAspire:Analytics:PollInterval"] = "00:00:00.100",
            ["FedAspire:Analytics:Scoring:MaxBatchDelayMilliseconds"] = "5",
            ["FedAspire:Analytics:Predictions:Directory"] = Path.Combine(_dir, "predictions"),
        });
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapOpenApi();
        _app.MapAnomalyApi();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value) return value;
            if (deadline.IsCancellationRequested) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Posted_telemetry_is_scored_and_served_by_the_device_and_anomaly_endpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await EventuallyAsync(async () => (await _http!.GetAsync("/model", ct)).StatusCode == HttpStatusCode.OK ? "loaded" : null, "the model");
        var record = new TelemetryRecord("pump-9", "plant-a", DateTimeOffset.UtcNow, 1, AnalyticsModels.BearingFeatures, [1, 2, 3, 4, 5, 6, 7, 8]);

        using var post = await _http!.PostAsync("/telemetry", new ByteArrayContent(TelemetryCodec.Encode(record)), ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);

        var scores = await EventuallyAsync(async () =>
        {
            var list = await _http.GetFromJsonAsync<JsonElement>("/devices/pump-9/scores", ct);
            return list.GetArrayLength() > 0 ? (JsonElement?)list : null;
        }, "the device's score");
        var prediction = scores.GetValueOrDefault()[0];
        Assert.Equal("pump-9", prediction.GetProperty("deviceId").GetString());
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt64());
        Assert.True(prediction.GetProperty("anomaly").GetBoolean());

        var anomalies = await _http.GetFromJsonAsync<JsonElement>($"/anomalies?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}&limit=5", ct);
        Assert.Equal("pump-9", anomalies[0].GetProperty("deviceId").GetString());
    }

    [Fact]
    public async Task Predictions_of_an_uncalibrated_model_serialize_their_NaN_threshold()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _app!.Services.GetRequiredService<FedAspire.Analytics.Infrastructure.IPredictionStore>();
        await store.AddAsync([new("pump-nan", "plant-a", DateTimeOffset.UtcNow, 1, 0.3f, float.NaN, false, "bearings", 1)], ct);

        var scores = await _http!.GetFromJsonAsync<JsonElement>("/devices/pump-nan/scores", ct);

        Assert.Equal("NaN", scores[0].GetProperty("threshold").GetString());
    }

    [Fact]
    public async Task Malformed_telemetry_is_refused_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = """{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"b1x":"NaN"}}""";

        using var response = await _http!.PostAsync("/telemetry", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rejection = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("NonFiniteValue", rejection.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_anomaly_api()
    {
        var document = await _http!.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/anomalies\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/devices/{id}/scores\"", document, StringComparison.Ordinal);
    }
}
