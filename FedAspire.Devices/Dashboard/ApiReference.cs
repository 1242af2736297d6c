using Scalar.AspNetCore;

namespace FedAspire.Devices.Dashboard;

/// <summary>The silo's OpenAPI document (<c>/openapi/v1.json</c>) and Scalar's browsable reference of it (<c>/scalar</c>).</summary>
public static class ApiReference
{
    /// <summary>The reference page's path.</summary>
    public const string Path = "/scalar";

    /// <summary>
    /// Maps the document and the reference. Both describe endpoints and hold no data, so they are served without the operator
    /// key (as the dashboard page is); calls made from the reference's "test request" still need it. Scalar's script is served
    /// from the package; its web fonts and telemetry are turned off so the page loads nothing from another origin.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(Path, options => options
            .WithTitle("FedAspire federation API")
            .DisableDefaultFonts()
            .DisableTelemetry());
        return app;
    }
}
