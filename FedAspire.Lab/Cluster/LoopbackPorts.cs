using System.Net;
using System.Net.Sockets;

namespace FedAspire.Lab.Cluster;

/// <summary>Loopback ports for processes this machine starts: a free one, and waiting until a started process listens on one.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until <paramref name="port"/> accepts a connection; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>,
    /// and at once when <paramref name="owner"/> (the process that should listen) has ended.
    /// </summary>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, ChildProcess owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                if (owner.HasExited) throw new InvalidOperationException($"{owner.Name} ended before it listened on port {port}.\n{owner.Tail}");
                if (DateTime.UtcNow >= deadline) throw new TimeoutException($"{owner.Name} did not listen on port {port} within {timeout.TotalSeconds:F0} s.\n{owner.Tail}");
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
