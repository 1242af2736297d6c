namespace FedAspire.Tests.Topology;

/// <summary>The devices silo as its own process: a state folder it cannot write is a fatal start-up error with a reason and a non-zero exit code.</summary>
[Trait("Area", "Topology")]
public sealed class StartupFailureTests
{
    [Fact]
    public async Task An_unusable_state_folder_stops_the_silo_with_the_reason_and_a_non_zero_exit_code()
    {
        var work = Path.Combine(Path.GetTempPath(), "fedaspire-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        // A file where the state folder should be: unwritable even for root (chmod does not stop root).
        await File.WriteAllTextAsync(Path.Combine(work, ".fedaspire"), "not a folder", TestContext.Current.CancellationToken);
        using var processes = TopologyProcesses.Embedded(work);
        var silo = processes.StartProject("devices", "FedAspire.Devices", TopologyProcesses.EmbeddedSiloEnvironment(TopologyProcesses.FreePort()));

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exitCode is not null and not 0, $"exit code {exitCode?.ToString() ?? "(still running)"}\n{silo.Tail}");
        Assert.Contains("fatal:", silo.Tail, StringComparison.Ordinal);
        try { Directory.Delete(work, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
