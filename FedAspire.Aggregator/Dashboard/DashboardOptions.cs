namespace FedAspire.Aggregator.Dashboard;

/// <summary>Dashboard settings, bound from <c>FedAspire:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Dashboard";

    /// <summary>
    /// Base address of the analytics service (<c>http://localhost:5080</c>; the AppHost injects its endpoint). The silo reads recent
    /// anomalies and device scores from analytics' own API and serves them to the page from its origin, behind the operator key;
    /// unset, the anomaly panel says so.
    /// </summary>
    public string? AnalyticsUrl { get; set; }

    /// <summary>
    /// Serve Orleans' own grain dashboard (<c>Microsoft.Orleans.Dashboard</c>) at <c>/orleans</c> for grain-level views. Off by
    /// default: it profiles every grain call, and its page cannot send the operator key, so with a key configured it answers
    /// loopback clients only.
    /// </summary>
    public bool GrainDashboard { get; set; }

    /// <summary>Longest the silo waits for analytics before the anomaly panel reports it unreachable.</summary>
    public double AnalyticsTimeoutSeconds { get; set; } = 5;
}
