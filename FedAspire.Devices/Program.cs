using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Dashboard;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Dashboard;
using FedAspire.Devices.Federation;
using Microsoft.Extensions.Options;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
// The silo takes host switches and Key=Value overrides, no verbs: those live in FedAspire.Lab.
if (args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=', StringComparison.Ordinal))
{
    Console.Error.WriteLine($"FedAspire.Devices is the silo and takes no verb; for '{first}' run: dotnet run --project FedAspire.Lab -- {string.Join(' ', args)}");
    return 2;
}

try
{
    // appsettings.json travels with the binaries; the working directory is the user's (paths, embedded state).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddServiceDefaults();
    builder.AddFederationSilo();
    var app = builder.Build();
    // Settings marked ValidateOnStart are checked before the host starts, so a bad value is one "fatal:" line naming its key.
    app.Services.GetService<IStartupValidator>()?.Validate();
    app.MapDefaultEndpoints();
    app.MapFederationApi();
    app.MapFederationDashboard(app.Services.GetRequiredService<IOptions<FederationOptions>>().Value.Name);
    app.MapApiReference();
    app.MapGrainDashboardIfEnabled(app.Configuration);
    app.Lifetime.ApplicationStarted.Register(() => DashboardUrls.Print(app, Console.Out));
    await app.RunAsync(cancel.Token);
    // A fatal error inside the running host (e.g. the federation could not start) stops it and sets the exit code.
    return Environment.ExitCode;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException)
{
    Console.Error.WriteLine($"fatal: {e.Message}");
    return 1;
}
