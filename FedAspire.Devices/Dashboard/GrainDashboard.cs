using System.Net;
using FedAspire.Aggregator.Apis;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using FederationDashboardOptions = FedAspire.Aggregator.Dashboard.DashboardOptions;

namespace FedAspire.Devices.Dashboard;

/// <summary>Orleans' own grain dashboard at <c>/orleans</c>, when <c>FedAspire:Dashboard:GrainDashboard</c> is true.</summary>
public static class GrainDashboard
{
    /// <summary>The dashboard's path.</summary>
    public const string Path = "/orleans";

    /// <summary>True when the setting asks for the grain dashboard.</summary>
    public static bool IsEnabled(IConfiguration config) => config.GetValue($"{FederationDashboardOptions.Section}:GrainDashboard", false);

    /// <summary>Adds the grain profiler and dashboard services to the silo when enabled.</summary>
    public static ISiloBuilder AddGrainDashboardIfEnabled(this ISiloBuilder silo, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (IsEnabled(config)) silo.AddDashboard();
        return silo;
    }

    /// <summary>
    /// Maps the grain dashboard when enabled. Its page calls its own API without the operator key, so with a key configured only
    /// loopback clients are served (403 otherwise): grain state is not for everyone who can reach the port.
    /// </summary>
    public static IEndpointRouteBuilder MapGrainDashboardIfEnabled(this IEndpointRouteBuilder app, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsEnabled(config)) return app;
        app.MapOrleansDashboard(Path).AddEndpointFilter(async (context, next) =>
        {
            var keyed = !string.IsNullOrWhiteSpace(context.HttpContext.RequestServices.GetRequiredService<IOptions<OperatorApiOptions>>().Value.OperatorKeySha256);
            if (keyed && context.HttpContext.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip))
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: "with an operator key configured, the grain dashboard answers loopback clients only");
            return await next(context);
        });
        return app;
    }
}
