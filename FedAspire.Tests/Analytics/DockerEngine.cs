namespace FedAspire.Tests.Analytics;

/// <summary>Skips a Testcontainers test with a stated reason where no Docker engine is reachable.</summary>
internal static class DockerEngine
{
    private const string Socket = "/var/run/docker.sock";

    /// <summary>Calls <see cref="Assert.Skip(string)"/> unless DOCKER_HOST is set or the default Docker socket exists.</summary>
    public static void SkipUnlessAvailable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"))) return;
        if (File.Exists(Socket) || (OperatingSystem.IsWindows() && File.Exists(@"\\.\pipe\docker_engine"))) return;
        Assert.Skip($"Docker engine not available: DOCKER_HOST is unset and {Socket} does not exist (Testcontainers needs Docker).");
    }
}
