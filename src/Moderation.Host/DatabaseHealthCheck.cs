using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Host;

/// Ready means the database answers and carries every migration this build knows.
sealed class DatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Migrator.IsCurrentAsync(db, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Migrations are not applied.");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
