using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FedAspire.Tests.AppHost;

/// <summary>The AppHost's model, built without starting anything: the devices resource carries the dashboard's operator actions as commands.</summary>
[Trait("Area", "AppHost")]
public sealed class AppHostCommandTests
{
    [Fact]
    public async Task The_devices_resource_has_the_federation_commands_with_confirmations()
    {
        var ct = TestContext.Current.CancellationToken;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FedAspire_AppHost>([], (options, _) => options.DisableDashboard = true, ct);
        var devices = appHost.Resources.Single(r => r.Name == "devices");

        var commands = devices.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);

        foreach (var (name, display) in new[] { ("run-round", "Run round now"), ("start-federation", "Start timed rounds"), ("stop-federation", "Stop timed rounds"),
                     ("pause-facility", "Pause facility"), ("resume-facility", "Resume facility") })
        {
            Assert.True(commands.TryGetValue(name, out var command), $"no '{name}' command; has {string.Join(", ", commands.Keys)}");
            Assert.Equal(display, command.DisplayName);
            Assert.False(string.IsNullOrEmpty(command.ConfirmationMessage), $"'{name}' runs without a confirmation");
        }
        Assert.Contains("'pumps'", commands["run-round"].ConfirmationMessage, StringComparison.Ordinal);
        Assert.Equal("facility", Assert.Single(commands["pause-facility"].Arguments!).Name);
    }
}
