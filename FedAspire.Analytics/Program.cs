using FedAspire.Analytics.Apis;
using FedAspire.Analytics.Commands;
using FedAspire.Analytics.Extensions;

if (await AnalyticsCommands.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAnomalyApi();
await app.RunAsync();
return 0;
