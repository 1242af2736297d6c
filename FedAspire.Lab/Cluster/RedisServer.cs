using System.Globalization;

namespace FedAspire.Lab.Cluster;

/// <summary>A throw-away redis-server on a free loopback port, without persistence: the membership table of one cluster run.</summary>
public sealed class RedisServer : IDisposable
{
    /// <summary>Where Debian's package installs it.</summary>
    public const string DefaultPath = "/usr/bin/redis-server";

    private RedisServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    /// <summary>The server process.</summary>
    public ChildProcess Process { get; }

    /// <summary>Its port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of the server.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>redis-server's path: Debian's, else the first on PATH; null when it is not installed.</summary>
    public static string? Locate()
    {
        if (File.Exists(DefaultPath)) return DefaultPath;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
    }

    /// <summary>Starts <paramref name="executable"/> in <paramref name="workDirectory"/> and waits until it listens.</summary>
    public static async Task<RedisServer> StartAsync(string executable, string workDirectory, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        var process = new ChildProcess("redis", executable,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            new Dictionary<string, string>(), workDirectory);
        try
        {
            await LoopbackPorts.WaitForListenerAsync(port, TimeSpan.FromSeconds(10), process, cancellationToken);
            return new RedisServer(process, port);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Process.Dispose();
}
