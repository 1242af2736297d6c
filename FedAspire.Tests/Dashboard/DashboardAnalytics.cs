using FedAspire.Aggregator.Registry;
using FedAspire.Analytics.Apis;
using FedAspire.Analytics.Extensions;
using FedAspire.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Dashboard;

/// <summary>
/// The analytics service as its <c>Program.cs</c> builds it (embedded backends: in-process telemetry bus, memory prediction store),
/// on an ephemeral loopback port, scoring with the newest version in the silo's registry directory, as a second process would.
/// </summary>
internal sealed class DashboardAnalytics : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardAnalytics(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<DashboardAnalytics> StartAsync(string registryPath, string federation, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedAspire:Analytics:Federation"] = federation,
            ["FedAspire:Analytics:RegistryPath"] = registryPath,
            ["FedAspire:Analytics:PollInterval"] = "00:00:00.200",
            ["FedAspire:Analytics:Scoring:MaxBatchDelayMilliseconds"] = "5",
        });
        builder.AddApplicationServices();
        var app = builder.Build();
        app.MapAnomalyApi();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardAnalytics(app, new Uri(address + "/"));
    }

    /// <summary>Posts <paramref name="record"/> to analytics' embedded telemetry intake, as a device would.</summary>
    public async Task PostAsync(TelemetryRecord record, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsync("telemetry", new ByteArrayContent(TelemetryCodec.Encode(record)), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Sends <paramref name="count"/> readings of <paramref name="deviceId"/> in the model's feature order: at the federation's mean
    /// (ordinary) or a thousand scales above it (an anomaly under any trained model). Returns the next sequence number.
    /// </summary>
    public async Task<long> SendReadingsAsync(GlobalModelVersion model, string deviceId, string facilityId, long sequence, int count, bool anomalous,
        CancellationToken cancellationToken)
    {
        var mean = model.Normalization.Mean;
        for (int i = 0; i < count; i++, sequence++)
        {
            var values = new float[mean.Length];
            for (int f = 0; f < values.Length; f++)
                values[f] = anomalous ? mean[f] + 1000f * Math.Max(1f, model.Normalization.Std[f]) : mean[f];
            await PostAsync(new TelemetryRecord(deviceId, facilityId, DateTimeOffset.UtcNow, sequence, [.. model.Spec.Features], values), cancellationToken);
        }
        return sequence;
    }

    /// <summary>Waits until analytics scores with version <paramref name="version"/> or newer.</summary>
    public async Task WaitForModelAsync(long version, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await http.GetAsync("model", deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
                if (doc.RootElement.GetProperty("version").GetInt64() >= version) return;
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _app.StopAsync(stop.Token); }
        catch (OperationCanceledException) { /* shutting down anyway */ }
        await _app.DisposeAsync();
    }
}
