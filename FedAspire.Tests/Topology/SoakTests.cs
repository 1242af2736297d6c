using System.Globalization;
using FedAspire.Core.Federation;
using FedAspire.Tests.Federation;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The live silo left running: simulated telemetry streams through the in-process bus into bounded device buffers while timed
/// rounds train, calibrate, export and publish, and nothing grows. Short in CI (90 s, about 15 simulated hours per device at one
/// reading per simulated minute); <c>FEDASPIRE_SOAK_SECONDS=3600</c> runs the long form.
/// </summary>
[Collection(SoakCollection.Name)]
[Trait("Area", "Topology")]
public sealed class SoakTests
{
    private const int Devices = 200, RecordsPerSecond = 2_000, BufferCapacity = 256;

    [Fact]
    public async Task Simulated_hours_of_telemetry_and_rounds_complete_every_round_with_bounded_activations_and_a_level_heap()
    {
        var ct = TestContext.Current.CancellationToken;
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("FEDASPIRE_SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s >= 30 ? s : 90;
        using var temp = new TempDirectory();
        var (app, _) = await EmbeddedSiloHost.StartAsync(temp.Sub("registry"), new Dictionary<string, string?>
        {
            ["FedAspire:Simulator:Enabled"] = "true",
            ["FedAspire:Simulator:Devices"] = Devices.ToString(CultureInfo.InvariantCulture),
            ["FedAspire:Simulator:RecordsPerSecond"] = RecordsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["FedAspire:Ingestion:Enabled"] = "true",
            ["FedAspire:Devices:BufferCapacity"] = BufferCapacity.ToString(CultureInfo.InvariantCulture),
            ["FedAspire:Federation:AutoStart"] = "true",
            ["FedAspire:Federation:RoundIntervalSeconds"] = "2",
        }, _ => { }, ct);
        var heap = new List<long>();
        var activations = new List<int>();
        FederationStatus status;
        try
        {
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var aggregator = grains.GetGrain<IAggregatorGrain>("pumps");
            var management = grains.GetGrain<IManagementGrain>(0);
            var end = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
            while (DateTime.UtcNow < end)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                heap.Add(GC.GetTotalMemory(forceFullCollection: true));
                var statistics = await management.GetSimpleGrainStatistics(ct);
                activations.Add(statistics.Sum(g => g.ActivationCount));
            }
            status = await aggregator.GetStatusAsync();
        }
        finally
        {
            await EmbeddedSiloHost.StopAsync(app);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{seconds} s: {status.RoundsCompleted} rounds, activations {string.Join(", ", activations)}; heap MB {string.Join(", ", heap.Select(h => (h / 1e6).ToString("F0", CultureInfo.InvariantCulture)))}");
        // Rounds kept running the whole time, and none failed.
        Assert.True(status.RoundsCompleted >= seconds / 6, $"{status.RoundsCompleted} rounds completed in {seconds} s");
        Assert.Equal(0, status.RoundsFailed);
        Assert.Equal(0, status.PersistenceFailures);
        // Activations: the devices, their facilities, the aggregator and the system grains; none pile up after the first minute.
        Assert.InRange(activations[^1], Devices, Devices + 100);
        Assert.True(activations[^1] <= activations[activations.Count / 3] + 10, $"activations grew: {string.Join(", ", activations)}");
        // Heap after the warm-up (device buffers full after about 26 s at 10 readings per device per second): the last third of the
        // samples averages at most a quarter (and 16 MB) above the middle third.
        int third = heap.Count / 3;
        double middle = heap.Skip(third).Take(third).Average(), last = heap.Skip(2 * third).Average();
        Assert.True(last <= middle * 1.25 + 16e6, $"heap grew: middle third {middle / 1e6:F1} MB, last third {last / 1e6:F1} MB ({string.Join(", ", heap.Select(h => (h / 1e6).ToString("F0", CultureInfo.InvariantCulture)))} MB)");
    }
}
