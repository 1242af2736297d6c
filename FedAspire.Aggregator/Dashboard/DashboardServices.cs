using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>What the dashboard's endpoints need besides the federation services: its options and the analytics reader.</summary>
public static class DashboardServices
{
    /// <summary>Binds <see cref="DashboardOptions"/> from <c>FedAspire:Dashboard</c> and registers <see cref="AnalyticsFeed"/> with its own HTTP client.</summary>
    public static IServiceCollection AddFederationDashboard(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<DashboardOptions>(config.GetSection(DashboardOptions.Section));
        services.AddHttpClient<AnalyticsFeed>();
        return services;
    }
}
