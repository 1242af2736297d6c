namespace FedAspire.Tests.Backends;

/// <summary>Tells whether Testcontainers can reach a Docker engine.</summary>
internal static class DockerEngine
{
    private const string Socket = "/var/run/docker.sock";

    /// <summary>True when DOCKER_HOST is set or the default Docker socket (or Windows pipe) exists.</summary>
    public static bool IsAvailable =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"))
        || File.Exists(Socket) || (OperatingSystem.IsWindows() && File.Exists(@"\\.\pipe\docker_engine"));

    /// <summary>Why a test that needs a server had nothing to run against.</summary>
    public static string NoServerReason(string variable) =>
        $"{variable} is unset (start ../shared/servers/start.sh, see its README) and no Docker engine is reachable for Testcontainers (DOCKER_HOST unset, {Socket} missing).";
}
