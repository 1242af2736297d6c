using FedAspire.AppHost.SharedServers;
using Microsoft.Extensions.Configuration;

namespace FedAspire.Tests.AppHost;

public sealed class SharedServersBackendTests
{
    private static IConfiguration Config(string? mode) =>
        new ConfigurationBuilder().AddInMemoryCollection(mode is null ? [] : [new(SharedServersBackend.ModeKey, mode)]).Build();

    [Fact]
    public void Backends_default_to_embedded_and_shared_servers_is_chosen_by_name()
    {
        Assert.False(SharedServersBackend.IsSelected(Config(null)));
        Assert.False(SharedServersBackend.IsSelected(Config("Embedded")));
        Assert.True(SharedServersBackend.IsSelected(Config("shared-servers")));
    }

    [Fact]
    public void An_unknown_backend_mode_is_refused_naming_the_key_and_the_value()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SharedServersBackend.IsSelected(Config("docker")));

        Assert.Contains("AppHost:Backends", e.Message, StringComparison.Ordinal);
        Assert.Contains("'docker'", e.Message, StringComparison.Ordinal);
    }
}
