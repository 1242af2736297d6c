using System.Diagnostics;
using FedAspire.Devices.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Tests.Federation;

/// <summary>Replicas wait for each other before the first round: the gate opens once the expected silos are active, or after its timeout.</summary>
[Trait("Area", "Federation")]
public sealed class ClusterMembershipGateTests
{
    [Fact]
    public async Task The_gate_opens_when_the_expected_silos_are_active_and_gives_up_after_its_timeout_when_they_are_not()
    {
        using var dir = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), dir.Sub("registry"), silos: 2);
        var ct = TestContext.Current.CancellationToken;

        using var presentLifetime = new ManualLifetime();
        var present = Gate(cluster, expected: 2, timeoutSeconds: 30, presentLifetime);
        var waitPresent = present.WaitAsync(ct);
        await Task.Delay(200, ct);
        Assert.False(waitPresent.IsCompleted, "the gate must stay shut until the host has started");
        presentLifetime.Start();
        var clock = Stopwatch.StartNew();
        await waitPresent.WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"two of two silos were active, yet the gate took {clock.Elapsed.TotalSeconds:F1} s");

        using var missingLifetime = new ManualLifetime();
        var missing = Gate(cluster, expected: 3, timeoutSeconds: 2, missingLifetime);
        missingLifetime.Start();
        clock.Restart();
        await missing.WaitAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"a third silo never joined, yet the gate opened after {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static ClusterMembershipGate Gate(FederationTestCluster cluster, int expected, double timeoutSeconds, ManualLifetime lifetime)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ClusterMembershipGate.ExpectedSilosKey] = expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ClusterMembershipGate.TimeoutKey] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new ClusterMembershipGate(cluster.Client, lifetime, config, NullLogger<ClusterMembershipGate>.Instance);
    }

    /// <summary>An application lifetime the test starts by hand.</summary>
    private sealed class ManualLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new(), _stopping = new(), _stopped = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => _stopped.Token;

        public void Start() => _started.Cancel();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
            _stopped.Dispose();
        }
    }
}
